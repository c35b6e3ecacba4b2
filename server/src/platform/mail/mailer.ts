import nodemailer from 'nodemailer';
import type { Logger } from '../observability/log.ts';

export type Mail = { to: string; subject: string; text: string; html?: string };
export type SentMail = Mail & { id: string; sentAt: string };

export type Mailer = {
  kind: 'smtp' | 'dev';
  send: (mail: Mail) => Promise<void>;
  /** Embedded/dev mode keeps what it "sent" here instead of an SMTP server. */
  mailbox: (to?: string) => SentMail[];
};

/** SMTP when SMTP_URL is set; otherwise a dev mailbox in memory (newest last, 200 kept). */
export const createMailer = (o: { smtpUrl?: string | undefined; from: string; log: Logger }): Mailer => {
  const kept: SentMail[] = [];
  const transport = o.smtpUrl ? nodemailer.createTransport(o.smtpUrl) : undefined;
  return {
    kind: transport ? 'smtp' : 'dev',
    send: async (mail) => {
      if (transport) {
        await transport.sendMail({ from: o.from, ...mail });
        return;
      }
      kept.push({ ...mail, id: crypto.randomUUID(), sentAt: new Date().toISOString() });
      if (kept.length > 200) kept.shift();
      o.log.info({ to: mail.to, subject: mail.subject }, 'mail kept in the dev mailbox');
    },
    mailbox: (to) => kept.filter((m) => !to || m.to.toLowerCase() === to.toLowerCase()),
  };
};
