// `npm run bench -- <name> [--duration S] [--connections N]`: runs one benchmark from bench/.
const benches: Record<string, () => Promise<{ run: (args: string[]) => Promise<void> }>> = {
  http: () => import('./http.ts'),
  auth: () => import('./auth.ts'),
  reservations: () => import('./reservations.ts'),
  events: () => import('./events.ts'),
  scale: () => import('./scale.ts'),
  nfp: () => import('./nfp.ts'),
  ddmrp: () => import('./ddmrp.ts'),
  checkout: () => import('./checkout.ts'),
  import: () => import('./import.ts'),
  sync: () => import('./sync.ts'),
  forecast: () => import('./forecast.ts'),
  assistant: () => import('./assistant.ts'),
  memory: () => import('./memory.ts'),
  load: () => import('./load.ts'),
};

const [name, ...args] = process.argv.slice(2);
const load = name ? benches[name] : undefined;
if (!load) {
  console.log(`usage: npm run bench -- <name> [options]\nbenchmarks: ${Object.keys(benches).join(', ')}`);
  process.exit(name ? 1 : 0);
}
await (await load()).run(args);
