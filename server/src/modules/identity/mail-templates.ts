import type { Mail } from '../../platform/mail/mailer.ts';

type Lang = 'es' | 'en';
type Vars = { name: string; link: string };

const texts = {
  verify_email: {
    es: {
      subject: 'Confirma tu correo en Flujo',
      body: (v: Vars) =>
        `Hola ${v.name}:\n\nConfirma tu correo abriendo este enlace (vale 1 hora):\n${v.link}\n\nSi no creaste una cuenta en Flujo, ignora este mensaje.`,
    },
    en: {
      subject: 'Confirm your email for Flujo',
      body: (v: Vars) =>
        `Hello ${v.name},\n\nConfirm your email by opening this link (valid for 1 hour):\n${v.link}\n\nIf you did not sign up for Flujo, ignore this message.`,
    },
  },
  invite: {
    es: {
      subject: 'Te invitaron a Flujo',
      body: (v: Vars) =>
        `Hola ${v.name}:\n\nTe invitaron a trabajar en Flujo. Elige tu contraseña con este enlace (vale 3 días):\n${v.link}`,
    },
    en: {
      subject: 'You are invited to Flujo',
      body: (v: Vars) =>
        `Hello ${v.name},\n\nYou have been invited to work in Flujo. Choose your password with this link (valid for 3 days):\n${v.link}`,
    },
  },
  reset_password: {
    es: {
      subject: 'Restablece tu contraseña de Flujo',
      body: (v: Vars) =>
        `Hola ${v.name}:\n\nPara elegir una nueva contraseña abre este enlace (vale 1 hora, un solo uso):\n${v.link}\n\nSi no lo pediste, ignora este mensaje: tu contraseña no cambia.`,
    },
    en: {
      subject: 'Reset your Flujo password',
      body: (v: Vars) =>
        `Hello ${v.name},\n\nTo choose a new password open this link (valid for 1 hour, single use):\n${v.link}\n\nIf you did not ask for this, ignore this message: your password stays as it is.`,
    },
  },
} as const;

/** The mail for a token kind in the user's language. */
export const renderMail = (kind: keyof typeof texts, lang: Lang, to: string, vars: Vars): Mail => {
  const t = texts[kind][lang];
  return { to, subject: t.subject, text: t.body(vars) };
};
