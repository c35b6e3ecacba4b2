import { EmptyState } from '../../components/states.tsx';
import type { MessageKey } from '../../i18n/en.ts';
import { useT } from '../../i18n/i18n.tsx';

/** A section whose module is planned by a later issue. */
export const SectionPage = ({ title }: { title: MessageKey }) => {
  const t = useT();
  return (
    <div className="flex flex-col gap-6">
      <h1 className="text-2xl font-semibold">{t(title)}</h1>
      <EmptyState title={t('section.coming_title')} body={t('section.coming_body')} />
    </div>
  );
};
