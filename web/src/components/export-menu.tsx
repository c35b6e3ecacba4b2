import { useState } from 'react';
import { Button, Menu, MenuItem, MenuTrigger, Popover } from 'react-aria-components';
import { ApiError, api } from '../api/client.ts';
import type { paths } from '../api/schema';
import { useI18n } from '../i18n/i18n.tsx';
import { secondaryButton } from './page.tsx';
import { useToast } from './toast.tsx';

type ExportPath = { [P in keyof paths]: P extends `${string}/export` ? P : never }[keyof paths];
type Format = 'csv' | 'xlsx';
/** The list filters an export takes: its list's, without the file format and heading language. */
export type ExportQuery<P extends ExportPath> = Omit<
  NonNullable<paths[P]['get']['parameters']['query']>,
  'format' | 'lang'
>;

/** The file name the server gave (`products-2026-05-01.csv`), else a plain one. */
const fileNameOf = (res: Response, fallback: string) =>
  res.headers.get('content-disposition')?.match(/filename="([^"]+)"/)?.[1] ?? fallback;

/** Hands a downloaded file to the browser: the API needs the bearer token, so a plain link cannot. */
export const save = (blob: Blob, name: string) => {
  const url = URL.createObjectURL(blob);
  const a = document.createElement('a');
  a.href = url;
  a.download = name;
  document.body.append(a);
  a.click();
  a.remove();
  // After the click has handed the file over; revoking at once can cancel it in some browsers.
  setTimeout(() => URL.revokeObjectURL(url), 10_000);
};

type GetBlob = (
  path: string,
  init: { params: { query: Record<string, unknown> }; parseAs: 'blob' },
) => Promise<{ data?: Blob; error?: unknown; response: Response }>;

/**
 * "Export" on a list page: the list's current filters as a CSV or Excel file, headings in the
 * user's language. The server streams every row of the filter, not just the page on screen.
 */
export const ExportMenu = <P extends ExportPath>({
  path,
  query,
  testId = 'export',
}: {
  path: P;
  query: ExportQuery<P>;
  testId?: string;
}) => {
  const { t, lang } = useI18n();
  const toast = useToast();
  const [busy, setBusy] = useState(false);
  const download = async (format: Format) => {
    setBusy(true);
    try {
      const { data, error, response } = await (api.GET as unknown as GetBlob)(path, {
        params: { query: { ...query, format, lang } },
        parseAs: 'blob',
      });
      if (error !== undefined || !response.ok || !data) {
        const detail = (error as { detail?: string } | undefined)?.detail;
        throw new ApiError({ title: t('export.failed'), status: response.status, detail });
      }
      save(data, fileNameOf(response, `export.${format}`));
    } catch (err) {
      toast.show(
        err instanceof ApiError ? (err.problem.detail ?? t('export.failed')) : t('export.failed'),
        'error',
      );
    } finally {
      setBusy(false);
    }
  };
  return (
    <MenuTrigger>
      <Button className={secondaryButton} isDisabled={busy} data-testid={testId}>
        {busy ? t('export.working') : t('export.label')} <span aria-hidden="true">▾</span>
      </Button>
      <Popover placement="bottom end" className="rounded-xl border border-slate-200 bg-white p-1 shadow-lg">
        <Menu
          aria-label={t('export.label')}
          className="min-w-44 outline-none"
          onAction={(key) => void download(key as Format)}
        >
          {(['csv', 'xlsx'] as const).map((f) => (
            <MenuItem
              key={f}
              id={f}
              data-testid={`${testId}-${f}`}
              className="cursor-pointer rounded-lg px-3 py-2 text-sm outline-none data-[focused]:bg-slate-100"
            >
              {t(`export.${f}`)}
            </MenuItem>
          ))}
        </Menu>
      </Popover>
    </MenuTrigger>
  );
};
