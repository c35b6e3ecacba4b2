import { type DragEvent, type KeyboardEvent, useId, useRef, useState } from 'react';
import { keys } from '../../api/keys.ts';
import { useApiMutation } from '../../api/mutation.ts';
import { SelectField } from '../../components/fields.tsx';
import { LocationSelect } from '../../components/location-select.tsx';
import { primaryButton } from '../../components/page.tsx';
import { ProblemAlert } from '../../components/states.tsx';
import { useFormat } from '../../i18n/format.ts';
import { useT } from '../../i18n/i18n.tsx';
import {
  ACCEPT,
  IMPORT_KINDS,
  type ImportKind,
  isSpreadsheetName,
  MAX_BYTES,
  type Uploaded,
  uploadImport,
} from './imports-api.ts';
import { StepHeading, useKindName } from './integrations-parts.tsx';

const sizeOf = (bytes: number, f: ReturnType<typeof useFormat>) =>
  bytes < 1024 * 1024 ? `${f.qty(Math.ceil(bytes / 1024))} KB` : `${f.qty((bytes / 1048576).toFixed(1))} MB`;

/**
 * Step 1: the file, dropped on the zone or chosen with the file input, and optionally what it
 * holds and its store (otherwise the server detects both from the columns and the file name).
 */
export const UploadStep = ({ onUploaded }: { onUploaded: (u: Uploaded) => void }) => {
  const t = useT();
  const f = useFormat();
  const kindName = useKindName();
  const inputId = useId();
  const hintId = useId();
  const input = useRef<HTMLInputElement>(null);
  const [file, setFile] = useState<File>();
  const [refusal, setRefusal] = useState<string>();
  const [dragging, setDragging] = useState(false);
  const [kind, setKind] = useState<ImportKind | ''>('');
  const [store, setStore] = useState('');
  const upload = useApiMutation({
    request: (v: { file: File; kind?: ImportKind; store?: string }) => uploadImport(v),
    invalidates: [keys.imports.all],
    onSuccess: onUploaded,
  });

  // The same checks as the server's, so a wrong file is refused before it travels.
  const choose = (picked: File | undefined) => {
    upload.reset();
    setFile(undefined);
    if (!picked) return setRefusal(undefined);
    if (!isSpreadsheetName(picked.name)) return setRefusal(t('wizard.not_spreadsheet'));
    if (picked.size > MAX_BYTES) return setRefusal(t('wizard.too_large'));
    setRefusal(undefined);
    setFile(picked);
  };
  const onDrop = (e: DragEvent) => {
    e.preventDefault();
    setDragging(false);
    choose(e.dataTransfer.files[0]);
  };
  const onKeyDown = (e: KeyboardEvent) => {
    if (e.key === 'Enter' || e.key === ' ') {
      e.preventDefault();
      input.current?.click();
    }
  };

  return (
    <section className="flex flex-col gap-4" data-testid="wizard-upload">
      <StepHeading>{t('wizard.upload_title')}</StepHeading>
      <p id={hintId} className="text-sm text-slate-500">
        {t('wizard.upload_body')}
      </p>
      {/* biome-ignore lint/a11y/useSemanticElements: a drop target must be a box, and a button cannot hold the drop's feedback */}
      <div
        role="button"
        tabIndex={0}
        aria-label={t('wizard.drop_label')}
        aria-describedby={hintId}
        data-testid="drop-zone"
        data-dragging={dragging || undefined}
        onClick={() => input.current?.click()}
        onKeyDown={onKeyDown}
        onDragOver={(e) => {
          e.preventDefault();
          setDragging(true);
        }}
        onDragLeave={() => setDragging(false)}
        onDrop={onDrop}
        className={`flex min-h-36 cursor-pointer flex-col items-center justify-center gap-2 rounded-xl border-2 border-dashed p-6 text-center text-sm outline-none focus-visible:ring-2 focus-visible:ring-brand-500 ${dragging ? 'border-brand-500 bg-brand-50' : 'border-slate-300 bg-white hover:bg-slate-50'}`}
      >
        <span aria-hidden className="text-2xl text-slate-400">
          ⇪
        </span>
        <span className="font-medium text-slate-700">{t('wizard.drop_here')}</span>
        {file && (
          <span data-testid="chosen-file" className="text-slate-600">
            {t('wizard.chosen', { name: file.name, size: sizeOf(file.size, f) })}
          </span>
        )}
      </div>
      <div className="flex flex-col gap-1">
        <label htmlFor={inputId} className="text-sm font-medium text-slate-700">
          {t('wizard.file_input')}
        </label>
        <input
          ref={input}
          id={inputId}
          type="file"
          accept={ACCEPT}
          aria-describedby={hintId}
          data-testid="import-file"
          onChange={(e) => {
            choose(e.target.files?.[0]);
            // The same file may be chosen again once fixed.
            e.target.value = '';
          }}
          className="text-sm file:mr-3 file:rounded-lg file:border file:border-slate-300 file:bg-white file:px-3 file:py-1.5 file:text-sm"
        />
      </div>
      {refusal && (
        <p
          role="alert"
          data-testid="file-refused"
          className="rounded-lg bg-red-50 px-3 py-2 text-sm text-red-700"
        >
          {refusal}
        </p>
      )}
      <div className="grid grid-cols-1 gap-4 sm:grid-cols-2">
        <SelectField
          label={t('wizard.kind')}
          value={kind}
          data-testid="upload-kind"
          onChange={(e) => setKind(e.target.value as ImportKind | '')}
          options={[
            { value: '', label: t('wizard.kind_auto') },
            ...IMPORT_KINDS.map((k) => ({ value: k, label: kindName(k) })),
          ]}
        />
        <LocationSelect
          label={t('wizard.store')}
          name="store"
          value={store}
          onChange={setStore}
          types={['store', 'warehouse', 'node']}
          emptyLabel={t('wizard.store_auto')}
          testId="upload-store"
        />
      </div>
      <ProblemAlert error={upload.error} />
      <div>
        <button
          type="button"
          className={primaryButton}
          disabled={!file || upload.busy}
          data-testid="upload-submit"
          onClick={() =>
            file && void upload.run({ file, ...(kind ? { kind } : {}), ...(store ? { store } : {}) })
          }
        >
          {upload.busy ? t('wizard.uploading') : t('wizard.upload')}
        </button>
      </div>
    </section>
  );
};
