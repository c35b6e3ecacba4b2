import type { ErrorCatalog } from '../../platform/domain/errors.ts';

export const integrationsErrors = {
  'integrations.import_not_found': { kind: 'not_found', title: 'Import not found' },
  'integrations.unreadable_file': {
    kind: 'invalid',
    title: 'The file is not a spreadsheet Flujo can read (.xlsx, .xls or .csv)',
  },
  'integrations.file_too_large': { kind: 'too_large', title: 'The file is larger than 10 MB' },
  'integrations.no_file': {
    kind: 'invalid',
    title: 'Send the file as multipart/form-data in the field `file`',
  },
  'integrations.kind_unknown': {
    kind: 'invalid',
    title: 'What the file holds could not be told from its headers; choose it',
  },
  'integrations.bad_mapping': { kind: 'invalid', title: 'The column mapping is not valid' },
  'integrations.import_closed': {
    kind: 'conflict',
    title: 'The import is running or finished and can no longer change',
  },
  'integrations.import_has_errors': {
    kind: 'unprocessable',
    title: 'Some rows are not valid; fix them or commit only the valid rows',
  },
  'integrations.connection_not_found': { kind: 'not_found', title: 'Connection not found' },
  'integrations.connection_ambiguous': {
    kind: 'invalid',
    title: 'The organisation has more than one connection; say which with connection_id',
  },
  'integrations.connection_name_taken': {
    kind: 'conflict',
    title: 'Another connection already has this name',
  },
  'integrations.webhook_not_found': { kind: 'not_found', title: 'Webhook subscription not found' },
  'integrations.delivery_not_found': { kind: 'not_found', title: 'Webhook delivery not found' },
  'integrations.webhook_url_refused': {
    kind: 'invalid',
    title: 'Webhooks go to public http(s) addresses only',
  },
  'integrations.inbound_refused': {
    kind: 'unauthenticated',
    title: 'The push is not signed with this connection’s secret',
  },
  'integrations.sync_job_not_found': { kind: 'not_found', title: 'Sync job not found' },
} as const satisfies ErrorCatalog;

declare module '../../platform/domain/errors.ts' {
  interface ErrorCodes extends Record<keyof typeof integrationsErrors, true> {}
}
