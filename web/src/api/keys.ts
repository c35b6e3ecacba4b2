/**
 * Every query key the app uses, in one place. A resource's keys share its root, so
 * invalidating `keys.x.all` refreshes its lists and everything under it; details that live
 * apart from the lists keep their own root, as the live stream (api/live.ts) drops them.
 * Features add their resources here rather than writing key literals in screens.
 */
const resource = <Root extends string>(root: Root) => ({
  all: [root] as const,
  list: (params: Record<string, unknown> = {}) => [root, 'list', params] as const,
});

export const keys = {
  locations: { ...resource('locations'), every: ['locations', 'all'] as const },
} as const;
