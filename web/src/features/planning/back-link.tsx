import { Link } from '@tanstack/react-router';
import { linkButton } from '../../components/page.tsx';
import { useT } from '../../i18n/i18n.tsx';

/** The way back to the buffer board from the pages its header links to. */
export const BackToPlanning = () => {
  const t = useT();
  return (
    <Link to="/planning" className={linkButton}>
      ← {t('buffer.back')}
    </Link>
  );
};
