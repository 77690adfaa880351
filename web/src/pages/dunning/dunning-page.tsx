import { useState } from 'react';
import type { Notice } from '../../api/types.ts';
import { useI18n } from '../../i18n/i18n-context.tsx';
import { PageHeader } from '../../ui/page-header.tsx';
import { LetterPreview } from './letter-preview.tsx';
import { NoticeList } from './notice-list.tsx';
import { RunHistory } from './run-history.tsx';
import { RunPanel } from './run-panel.tsx';

export function DunningPage() {
  const { t } = useI18n();
  const [previewed, setPreviewed] = useState<Notice | null>(null);
  return (
    <>
      <PageHeader title={t('dunning.title')} />
      <RunPanel />
      <NoticeList onPreview={setPreviewed} />
      {previewed && <LetterPreview notice={previewed} onClose={() => setPreviewed(null)} />}
      <RunHistory />
    </>
  );
}
