import type { paths } from './schema';

type LoginResponse =
  paths['/api/v1/auth/verify-2fa']['post']['responses'][200]['content']['application/json'];
export type Session = Pick<LoginResponse, 'user' | 'tenant'> & {
  token: string;
  refreshToken: string;
  expiresAt: number;
};

const KEY = 'flujo.session';
const listeners = new Set<() => void>();

// sessionStorage: the token dies with the tab, and never travels in cookies.
export const session = {
  /** The stored session; its access token may have expired (the refresh token renews it). */
  get: (): Session | null => {
    try {
      return JSON.parse(sessionStorage.getItem(KEY) ?? 'null') as Session | null;
    } catch {
      return null;
    }
  },
  set: (r: LoginResponse) => {
    const s: Session = {
      token: r.access_token,
      refreshToken: r.refresh_token,
      user: r.user,
      tenant: r.tenant,
      expiresAt: Date.now() + r.expires_in * 1000,
    };
    sessionStorage.setItem(KEY, JSON.stringify(s));
    for (const l of listeners) l();
  },
  clear: () => {
    sessionStorage.removeItem(KEY);
    for (const l of listeners) l();
  },
  subscribe: (l: () => void) => {
    listeners.add(l);
    return () => listeners.delete(l);
  },
};

export type Problem = {
  type?: string;
  title: string;
  status: number;
  detail?: string;
  code?: string;
  errors?: { field: string; message: string }[];
};

/** Whether the signed-in user holds `resource:action`, with `*` wildcards on either side. */
export const can = (perm: string) => {
  const [res, act] = perm.split(':');
  return (session.get()?.user.permissions ?? []).some((g) => {
    const [gr, ga] = g.split(':');
    return (gr === '*' || gr === res) && (ga === '*' || ga === act);
  });
};
