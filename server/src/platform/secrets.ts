import { randomBytes } from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import type { Config } from './config/config.ts';
import { ConfigError } from './config/config.ts';

/**
 * The token signing key: from JWT_SECRET, or in embedded mode generated once and kept in the
 * data directory (never in the repo). Production must set it, so replicas agree.
 */
export const resolveJwtSecret = (config: Pick<Config, 'JWT_SECRET' | 'mode'>, dataDir?: string): string => {
  if (config.JWT_SECRET) return config.JWT_SECRET;
  if (config.mode === 'production') {
    throw new ConfigError(
      'invalid configuration: JWT_SECRET must be set (at least 32 characters) when DATABASE_URL is set',
    );
  }
  if (!dataDir) return randomBytes(32).toString('base64url');
  const file = path.join(dataDir, 'jwt-secret');
  if (fs.existsSync(file)) return fs.readFileSync(file, 'utf8').trim();
  fs.mkdirSync(dataDir, { recursive: true });
  const secret = randomBytes(48).toString('base64url');
  fs.writeFileSync(file, secret, { mode: 0o600 });
  return secret;
};
