import nodemailer from 'nodemailer';
import type { Logger } from '../observability/log.ts';

/** `tenantId`: the organisation the mail belongs to, so its dev mailbox shows it to its admins only. */
export type Mail = { to: string; subject: string; text: string; html?: string; tenantId?: string };
export type SentMail = Mail & { id: string; sentAt: string };

export type Mailer = {
  kind: 'smtp' | 'dev';
  send: (mail: Mail) => Promise<void>;
  /** Embedded/dev mode keeps what it "sent" here instead of an SMTP server; one tenant's at a time. */
  mailbox: (tenantId: string, to?: string) => SentMail[];
};

/** SMTP when SMTP_URL is set; otherwise a dev mailbox in memory (newest last, 200 kept). */
export const createMailer = (o: { smtpUrl?: string | undefined; from: string; log: Logger }): Mailer => {
  const kept: SentMail[] = [];
  const transport = o.smtpUrl ? nodemailer.createTransport(o.smtpUrl) : undefined;
  return {
    kind: transport ? 'smtp' : 'dev',
    send: async (mail) => {
      if (transport) {
        const { tenantId: _tenant, ...message } = mail;
        await transport.sendMail({ from: o.from, ...message });
        return;
      }
      kept.push({ ...mail, id: crypto.randomUUID(), sentAt: new Date().toISOString() });
      if (kept.length > 200) kept.shift();
      o.log.info({ to: mail.to, subject: mail.subject }, 'mail kept in the dev mailbox');
    },
    mailbox: (tenantId, to) =>
      kept.filter((m) => m.tenantId === tenantId && (!to || m.to.toLowerCase() === to.toLowerCase())),
  };
};
