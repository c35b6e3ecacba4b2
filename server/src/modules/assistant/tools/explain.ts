import { z } from 'zod';
import { type BufferRow, bufferCard, buffersOf } from './buffers.ts';
import { defineTool, num } from './context.ts';
import type { Lang } from './types.ts';

const round2 = (n: number) => Math.round(n * 100) / 100;

/** How the ADU was taken, in words: the method and its window. */
const aduMethod = (b: BufferRow, lang: Lang) => {
  const s = b.settings;
  const es: Record<string, string> = {
    fixed: 'fijo, puesto a mano',
    past: `media del consumo de los últimos ${s.adu_horizon_days} días`,
    future: `media del pronóstico de los próximos ${s.adu_future_horizon_days ?? s.adu_horizon_days} días`,
    blended: `mezcla de pasado (${num(s.adu_past_weight * 100)} %) y pronóstico`,
  };
  const en: Record<string, string> = {
    fixed: 'fixed, set by hand',
    past: `average consumption over the last ${s.adu_horizon_days} days`,
    future: `average forecast over the next ${s.adu_future_horizon_days ?? s.adu_horizon_days} days`,
    blended: `blend of past (${num(s.adu_past_weight * 100)} %) and forecast`,
  };
  return (lang === 'es' ? es : en)[s.adu_method] ?? s.adu_method;
};

/**
 * The zones re-derived from the buffer's own figures with the engine's rule (planning's
 * `domain/zones.ts`): red = d × ADU × LTF (base) + base × VF (safety), yellow = d × ADU,
 * green = the largest of order cycle × ADU and d × ADU × LTF; d = DLT + extra lead time. The
 * calculation sizes with no MOQ, so the minimum batch only shapes order quantities.
 */
export const sizing = (b: BufferRow) => {
  const adu = b.adu ?? 0;
  const d = (b.dlt ?? 0) + b.settings.extra_lead_time_days;
  const f = b.applied_factors?.zones ?? { red: 1, yellow: 1, green: 1 };
  const ltf = b.profile.lead_time_factor;
  const vf = b.profile.variability_factor;
  const base = round2(d * adu * ltf * f.red);
  const safety = round2(base * vf);
  const cycle = round2(b.settings.order_cycle_days * adu);
  const leadShare = round2(d * adu * ltf);
  return {
    adu,
    sizing_days: d,
    lead_time_factor: ltf,
    variability_factor: vf,
    red_base: b.settings.red_override === null ? base : null,
    red_safety: b.settings.red_override === null ? safety : null,
    red: b.zones.red,
    yellow: b.zones.yellow,
    green: b.zones.green,
    green_driver:
      b.settings.green_override !== null ? 'override' : cycle > leadShare ? 'order_cycle' : 'lead_time',
    order_cycle_usage: cycle,
    lead_time_share: leadShare,
    overrides: {
      red: b.settings.red_override,
      yellow: b.settings.yellow_override,
      green: b.settings.green_override,
    },
    factors: b.applied_factors,
    min_batch: b.settings.min_batch,
    qty_multiple: b.settings.qty_multiple,
  };
};

export const explainBuffer = defineTool({
  name: 'explain_buffer',
  description:
    'Why a buffer is sized as it is: ADU (method and value), DLT, lead-time and variability factors, order cycle and minimum batch, and the arithmetic of red (base + safety), yellow and green.',
  parameters: z.object({
    sku: z.string().min(1).max(64).describe('the product SKU'),
    location: z.string().min(1).max(64).describe('the location code, e.g. MAD-001'),
  }),
  run: async (c, a) => {
    const { rows } = await buffersOf(c, a.sku, a.location);
    const b = await c.get<BufferRow>(`/api/v1/buffers/${rows[0]?.id}`, {
      es: 'consultar el buffer',
      en: 'read the buffer',
    });
    const s = sizing(b);
    const dem = b.applied_factors && b.applied_factors.demand !== 1 ? b.applied_factors.demand : null;
    const prop = b.propagated_adu ? b.propagated_adu : null;
    const es = [
      `${b.sku} en ${b.location_code} (perfil ${b.profile.name}): ADU ${num(s.adu)}/día (${aduMethod(b, 'es')}${dem ? `, × factor de demanda ${num(dem)}` : ''}${prop ? `, incluye ${num(prop)} propagado` : ''}); DLT ${num(b.dlt)} días${b.settings.extra_lead_time_days ? ` + ${num(b.settings.extra_lead_time_days)} extra` : ''}.`,
      s.red_base === null
        ? `Rojo ${num(s.red)} fijado a mano.`
        : `Rojo ${num(s.red)} = base ${num(s.red_base)} (${num(s.sizing_days)} d × ${num(s.adu)} × factor de plazo ${num(s.lead_time_factor)}) + seguridad ${num(s.red_safety)} (base × factor de variabilidad ${num(s.variability_factor)}).`,
      s.overrides.yellow === null
        ? `Amarillo ${num(s.yellow)} = ${num(s.sizing_days)} d × ADU.`
        : `Amarillo ${num(s.yellow)} fijado a mano.`,
      s.green_driver === 'override'
        ? `Verde ${num(s.green)} fijado a mano.`
        : `Verde ${num(s.green)} = el mayor entre ciclo de pedido ${num(b.settings.order_cycle_days)} d × ADU (${num(s.order_cycle_usage)}) y DLT × ADU × factor de plazo (${num(s.lead_time_share)}).`,
      `Lote mínimo ${num(s.min_batch)}, múltiplo ${num(s.qty_multiple)}.`,
    ];
    const en = [
      `${b.sku} at ${b.location_code} (profile ${b.profile.name}): ADU ${num(s.adu)}/day (${aduMethod(b, 'en')}${dem ? `, × demand factor ${num(dem)}` : ''}${prop ? `, including ${num(prop)} propagated` : ''}); DLT ${num(b.dlt)} days${b.settings.extra_lead_time_days ? ` + ${num(b.settings.extra_lead_time_days)} extra` : ''}.`,
      s.red_base === null
        ? `Red ${num(s.red)} set by hand.`
        : `Red ${num(s.red)} = base ${num(s.red_base)} (${num(s.sizing_days)} d × ${num(s.adu)} × lead-time factor ${num(s.lead_time_factor)}) + safety ${num(s.red_safety)} (base × variability factor ${num(s.variability_factor)}).`,
      s.overrides.yellow === null
        ? `Yellow ${num(s.yellow)} = ${num(s.sizing_days)} d × ADU.`
        : `Yellow ${num(s.yellow)} set by hand.`,
      s.green_driver === 'override'
        ? `Green ${num(s.green)} set by hand.`
        : `Green ${num(s.green)} = the larger of order cycle ${num(b.settings.order_cycle_days)} d × ADU (${num(s.order_cycle_usage)}) and DLT × ADU × lead-time factor (${num(s.lead_time_share)}).`,
      `Minimum batch ${num(s.min_batch)}, multiple ${num(s.qty_multiple)}.`,
    ];
    const table = {
      type: 'table' as const,
      title: c.t('Dimensionado', 'Sizing'),
      columns: [c.t('Concepto', 'Item'), c.t('Valor', 'Value')],
      rows: [
        ['ADU', s.adu],
        ['DLT', b.dlt],
        [c.t('Días de dimensionado', 'Sizing days'), s.sizing_days],
        [c.t('Factor de plazo', 'Lead-time factor'), s.lead_time_factor],
        [c.t('Factor de variabilidad', 'Variability factor'), s.variability_factor],
        [c.t('Rojo base', 'Red base'), s.red_base],
        [c.t('Rojo seguridad', 'Red safety'), s.red_safety],
        [c.t('Rojo', 'Red'), s.red],
        [c.t('Amarillo', 'Yellow'), s.yellow],
        [c.t('Verde', 'Green'), s.green],
      ] as (string | number | null)[][],
    };
    return {
      ok: true,
      data: { buffer: b, sizing: s },
      cards: [bufferCard(b), table],
      summary: c.t(es.join(' '), en.join(' ')),
    };
  },
});
