import type { RequestContext } from '../domain/context.ts';
import { tokenRevoked } from '../http/revocations.ts';
import type { Platform } from '../platform.ts';

/**
 * A long-lived response (the event stream) outlives the auth hook's one check: this ends it
 * when its access token expires or is revoked. Returns the clean-up for when it closes.
 */
export const endWithToken = (
  p: Pick<Platform, 'onEvent' | 'revocations'>,
  ctx: RequestContext,
  end: () => void,
) => {
  const t = ctx.token;
  if (!t) return () => {};
  // Unref'd: a stream that closed without telling must not keep a stopping process alive.
  const timer = setTimeout(end, Math.max(0, t.expiresAt - Date.now())).unref();
  const info = { userId: ctx.userId, sessionId: t.sessionId, issuedAt: t.issuedAt };
  const keys = new Set([`user:${ctx.userId}`, ...(t.sessionId ? [`session:${t.sessionId}`] : [])]);
  const off = p.onEvent((e) => {
    if (!tokenRevoked.is(e) || !keys.has(e.payload.key)) return;
    // Read the database, not a cache entry the same event is about to drop.
    void p.revocations.isRevoked(info, true).then(
      (gone) => gone && end(),
      () => end(),
    );
  });
  return () => {
    clearTimeout(timer);
    off();
  };
};
