import type { Lang } from '../domain/messages.ts';

/** Why a whole file cannot be read, as opposed to one of its cells. */
export const FILE_PROBLEM_CODES = [
  'unreadable',
  'not_a_workbook',
  'empty',
  'password_protected',
  'sheet_not_found',
] as const;
export type FileProblemCode = (typeof FILE_PROBLEM_CODES)[number];

/** Thrown by the readers; `message` keeps the internal detail for the logs. */
export class FileProblem extends Error {
  readonly code: FileProblemCode;
  readonly params: Record<string, string | number>;
  constructor(code: FileProblemCode, detail?: string, params: Record<string, string | number> = {}) {
    super(detail ? `${code}: ${detail}` : code);
    this.name = 'FileProblem';
    this.code = code;
    this.params = params;
  }
}

const MESSAGES: Record<FileProblemCode, Record<Lang, (p: Record<string, string | number>) => string>> = {
  unreadable: {
    es: () => 'El archivo está dañado o incompleto y no se puede leer',
    en: () => 'The file is damaged or incomplete and cannot be read',
  },
  not_a_workbook: {
    es: () => 'El archivo no es una hoja de cálculo (se aceptan .xlsx, .xls y .csv)',
    en: () => 'The file is not a spreadsheet (.xlsx, .xls and .csv are accepted)',
  },
  empty: { es: () => 'El archivo no tiene datos', en: () => 'The file has no data' },
  password_protected: {
    es: () => 'El archivo está protegido con contraseña; guárdelo sin contraseña y vuelva a subirlo',
    en: () => 'The file is password-protected; save it without a password and upload it again',
  },
  sheet_not_found: {
    es: (p) => `El archivo no tiene una hoja llamada «${p.sheet}»`,
    en: (p) => `The file has no sheet named "${p.sheet}"`,
  },
};

export const fileProblemMessage = (p: FileProblem, lang: Lang): string => MESSAGES[p.code][lang](p.params);
