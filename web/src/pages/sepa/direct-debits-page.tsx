import { useI18n } from '../../i18n/i18n-context.tsx';
import { PageHeader } from '../../ui/page-header.tsx';
import { SepaExportList } from './sepa-export-list.tsx';
import { SepaExportPanel } from './sepa-export-panel.tsx';

/** SEPA direct debits ("Lastschriften"): export what is due on a day, and the files exported so far. */
export function DirectDebitsPage() {
  const { t } = useI18n();
  return (
    <>
      <PageHeader title={t('sepa.title')} />
      <p className="muted">{t('sepa.intro')}</p>
      <SepaExportPanel />
      <SepaExportList />
    </>
  );
}
