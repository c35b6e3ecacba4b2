import { parseArgs } from 'node:util';
import autocannon from 'autocannon';

export type Row = { target: string; rps: number; p50: number; p99: number; errors: number };

/** One second of warm-up, then the measured run. */
export const measure = async (target: string, opts: autocannon.Options): Promise<Row> => {
  await autocannon({ ...opts, duration: 1 });
  const r = await autocannon(opts);
  return {
    target,
    rps: Math.round(r.requests.average),
    p50: r.latency.p50,
    p99: r.latency.p99,
    errors: r.errors + r.non2xx,
  };
};

export const benchArgs = (argv: string[]) => {
  const { values } = parseArgs({
    args: argv,
    options: { duration: { type: 'string', default: '10' }, connections: { type: 'string', default: '50' } },
  });
  return { duration: Number(values.duration), connections: Number(values.connections) };
};
