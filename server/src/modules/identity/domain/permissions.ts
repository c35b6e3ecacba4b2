import { hasPermission, PLATFORM } from '../../../platform/domain/context.ts';

export const PERMISSION = /^(\*|[a-z][a-z0-9-]*):(\*|[a-z][a-z0-9-]*)$/;

/**
 * Whether a caller holding `granted` may hand out `wanted`: every wanted permission must be
 * covered by one the caller has, so nobody creates or assigns a role above their own.
 */
export const canGrant = (granted: readonly string[], wanted: readonly string[]) =>
  wanted.every((w) => {
    const [res, act] = w.split(':');
    if (res === '*' || act === '*') {
      return granted.some((g) => {
        const [gr, ga] = g.split(':');
        const resourceOk = res === PLATFORM ? gr === PLATFORM : gr === '*' || gr === res;
        return resourceOk && (ga === '*' || ga === act);
      });
    }
    return hasPermission(granted, w);
  });
