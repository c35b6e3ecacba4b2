import { createCipheriv, createDecipheriv, createHash, createHmac, randomBytes } from 'node:crypto';

export type Sealer = {
  seal: (plain: string) => string;
  open: (sealed: string) => string;
  /** HMAC-SHA256 (hex) under a key derived from the signing secret and `label`: for signing our own messages. */
  mac: (label: string, data: string) => string;
};

/**
 * AES-256-GCM for secrets kept in the database (2FA seeds): a leaked table alone does not
 * reveal them. The key is derived from the signing secret, which never lives in the database.
 */
export const createSealer = (secret: string): Sealer => {
  const key = createHash('sha256').update(`flujo-sealer:${secret}`).digest();
  return {
    mac: (label, data) =>
      createHmac('sha256', createHash('sha256').update(`flujo-mac:${label}:${secret}`).digest())
        .update(data)
        .digest('hex'),
    seal: (plain) => {
      const iv = randomBytes(12);
      const cipher = createCipheriv('aes-256-gcm', key, iv);
      const body = Buffer.concat([cipher.update(plain, 'utf8'), cipher.final()]);
      return [
        'v1',
        iv.toString('base64url'),
        cipher.getAuthTag().toString('base64url'),
        body.toString('base64url'),
      ].join('.');
    },
    open: (sealed) => {
      const [v, iv, tag, body] = sealed.split('.');
      if (v !== 'v1' || !iv || !tag || !body) throw new Error('not a sealed value');
      const decipher = createDecipheriv('aes-256-gcm', key, Buffer.from(iv, 'base64url'));
      decipher.setAuthTag(Buffer.from(tag, 'base64url'));
      return Buffer.concat([decipher.update(Buffer.from(body, 'base64url')), decipher.final()]).toString(
        'utf8',
      );
    },
  };
};
