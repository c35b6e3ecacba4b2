import type { TenantSettings } from '../schema.ts';

export type EffectiveSettings = Required<TenantSettings>;

/** Issue 3's defaults: lock after 5 failures for 15 minutes, 10-character passwords, 15 min / 7 day tokens. */
export const effectiveSettings = (
  s: TenantSettings,
  defaults: { accessTtl: number; refreshTtl: number },
): EffectiveSettings => ({
  lockout_threshold: s.lockout_threshold ?? 5,
  lockout_minutes: s.lockout_minutes ?? 15,
  password_min_length: s.password_min_length ?? 10,
  require_2fa_for_admins: s.require_2fa_for_admins ?? false,
  access_token_ttl_s: s.access_token_ttl_s ?? defaults.accessTtl,
  refresh_token_ttl_s: s.refresh_token_ttl_s ?? defaults.refreshTtl,
});
