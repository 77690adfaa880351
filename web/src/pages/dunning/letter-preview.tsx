import { useEffect, useRef } from 'react';
import type { Notice } from '../../api/types.ts';
import { useI18n } from '../../i18n/i18n-context.tsx';
import { Section } from '../../ui/section.tsx';

/** The notice's letter as the customer will get it (the PDF, in the browser's viewer). */
export function LetterPreview({ notice, onClose }: { notice: Notice; onClose: () => void }) {
  const { t } = useI18n();
  const ref = useRef<HTMLDivElement>(null);
  useEffect(() => ref.current?.scrollIntoView({ behavior: 'smooth', block: 'start' }), [notice.id]);
  const title = t('dunning.letterTitle', { customer: notice.customerName });
  return (
    <div ref={ref}>
      <Section
        title={title}
        testId="letter-preview"
        actions={
          <button type="button" className="button button-small" onClick={onClose}>
            {t('common.close')}
          </button>
        }
      >
        <iframe className="letter-frame" title={title} src={`/api/notices/${notice.id}/pdf`} />
      </Section>
    </div>
  );
}
