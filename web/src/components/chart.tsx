import {
  Area,
  Bar,
  CartesianGrid,
  ComposedChart,
  Line,
  LineChart,
  ResponsiveContainer,
  Tooltip,
  XAxis,
  YAxis,
} from 'recharts';

export type Series = {
  key: string;
  label: string;
  color: string;
  kind?: 'line' | 'area' | 'bar';
  /** Areas with the same stack pile up (zone bands); alone, an area starts at zero. */
  stack?: string;
};

const axis = { fontSize: 12, fill: '#64748b' };

/** One place that styles charts alike (buffers, history and forecasts will reuse it). */
export const Chart = <Row extends Record<string, unknown>>({
  data,
  x,
  series,
  height = 240,
  label,
  testId,
  percent = false,
}: {
  data: Row[];
  x: keyof Row & string;
  series: Series[];
  height?: number;
  /** What the chart shows, in words, for those who cannot see it. */
  label?: string;
  testId?: string;
  /** The values are percentages: the axis runs 0–100 and says so. */
  percent?: boolean;
}) => (
  <div
    style={{ height }}
    className="w-full"
    // A chart that says what it shows is one image to a screen reader; its SVG parts are noise.
    {...(label ? { role: 'img', 'aria-label': label } : {})}
    data-testid={testId}
  >
    <ResponsiveContainer width="100%" height="100%">
      <ComposedChart data={data} margin={{ top: 8, right: 8, bottom: 0, left: -16 }}>
        <CartesianGrid strokeDasharray="3 3" stroke="#e2e8f0" />
        <XAxis dataKey={x as string} tick={axis} />
        {percent ? (
          <YAxis tick={axis} domain={[0, 100]} allowDataOverflow tickFormatter={(v) => `${v} %`} />
        ) : (
          <YAxis tick={axis} />
        )}
        <Tooltip />
        {series.map((s) =>
          s.kind === 'bar' ? (
            <Bar key={s.key} dataKey={s.key} name={s.label} fill={s.color} isAnimationActive={false} />
          ) : s.kind === 'area' ? (
            <Area
              key={s.key}
              type="monotone"
              dataKey={s.key}
              name={s.label}
              stroke={s.color}
              fill={s.color}
              fillOpacity={s.stack ? 0.3 : 0.15}
              stackId={s.stack}
              isAnimationActive={false}
            />
          ) : (
            <Line
              key={s.key}
              type="monotone"
              dataKey={s.key}
              name={s.label}
              stroke={s.color}
              dot={false}
              isAnimationActive={false}
            />
          ),
        )}
      </ComposedChart>
    </ResponsiveContainer>
  </div>
);

/**
 * A trend without axes, for a tile: the line alone, with `label` as its accessible name since
 * the points cannot be read one by one.
 */
export const Sparkline = ({
  values,
  label,
  color = '#0d9488',
  height = 40,
  testId,
}: {
  values: number[];
  label: string;
  color?: string;
  height?: number;
  testId?: string;
}) => (
  <div role="img" aria-label={label} data-testid={testId} style={{ height }} className="w-full">
    <ResponsiveContainer width="100%" height="100%">
      <LineChart data={values.map((v, i) => ({ i, v }))} margin={{ top: 4, right: 2, bottom: 4, left: 2 }}>
        <YAxis hide domain={['auto', 'auto']} />
        <Line
          type="monotone"
          dataKey="v"
          stroke={color}
          strokeWidth={2}
          dot={false}
          isAnimationActive={false}
        />
      </LineChart>
    </ResponsiveContainer>
  </div>
);
