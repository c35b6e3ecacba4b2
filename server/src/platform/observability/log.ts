import { type Logger, pino } from 'pino';
import type { Config } from '../config/config.ts';

export type { Logger };

/** JSON logs for machines; pretty ones when a person is watching a terminal. */
export const createLogger = (config: Pick<Config, 'LOG_LEVEL' | 'LOG_FORMAT'>): Logger => {
  const pretty = config.LOG_FORMAT === 'pretty' || (config.LOG_FORMAT === 'auto' && process.stdout.isTTY);
  return pino({
    level: config.LOG_LEVEL,
    base: { service: 'flujo' },
    redact: ['req.headers.authorization', 'req.headers.cookie', '*.password', '*.access_token'],
    ...(pretty
      ? {
          transport: {
            target: 'pino-pretty',
            options: { translateTime: 'SYS:HH:MM:ss', ignore: 'pid,hostname,service' },
          },
        }
      : {}),
  });
};
