import type { ExportLang } from '../../platform/http/export-route.ts';
import type { PRIORITIES } from './schema.ts';

const ZONES = {
  red: { es: 'rojo', en: 'red' },
  yellow: { es: 'amarillo', en: 'yellow' },
  green: { es: 'verde', en: 'green' },
} as const;

/** A buffer zone in the heading's language: planners filter the sheet by it. */
export const zoneCell = (z: (typeof PRIORITIES)[number] | null, lang: ExportLang) =>
  z === null ? null : ZONES[z][lang];
