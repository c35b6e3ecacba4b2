import { Link } from '@tanstack/react-router';
import { can } from '../../api/session.ts';
import { Card, PageHeader, primaryButton, secondaryButton } from '../../components/page.tsx';
import { useT } from '../../i18n/i18n.tsx';
import { ImportHistory } from './import-history.tsx';

/**
 * `/integrations`: the two ways data comes in (a file, an ERP), the one it goes out (webhooks),
 * then the history of imports.
 */
export const IntegrationsPage = () => {
  const t = useT();
  return (
    <div className="flex flex-col gap-6" data-testid="integrations-page">
      <PageHeader title={t('integrations.title')} subtitle={t('integrations.subtitle')} />
      <div className="grid grid-cols-1 gap-4 md:grid-cols-2 xl:grid-cols-3">
        <Card title={t('integrations.tab_import')}>
          <p className="text-sm text-slate-600">{t('integrations.import_card_body')}</p>
          {can('import:write') && (
            <Link
              to="/integrations/imports/new"
              className={`${primaryButton} self-start`}
              data-testid="import-start"
            >
              {t('integrations.import_start')}
            </Link>
          )}
        </Card>
        {can('integration:read') && (
          <Card title={t('integrations.tab_connections')}>
            <p className="text-sm text-slate-600">{t('integrations.connections_card_body')}</p>
            <Link
              to="/integrations/connections"
              className={`${secondaryButton} self-start`}
              data-testid="connections-open"
            >
              {t('integrations.connections_open')}
            </Link>
          </Card>
        )}
        {can('integration:read') && (
          <Card title={t('integrations.tab_webhooks')}>
            <p className="text-sm text-slate-600">{t('integrations.webhooks_card_body')}</p>
            <Link
              to="/integrations/webhooks"
              className={`${secondaryButton} self-start`}
              data-testid="webhooks-open"
            >
              {t('integrations.webhooks_open')}
            </Link>
          </Card>
        )}
      </div>
      {can('import:read') && <ImportHistory />}
    </div>
  );
};
