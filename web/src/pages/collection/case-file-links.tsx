import { useI18n } from '../../i18n/i18n-context.tsx';

const FORMATS = ['pdf', 'json', 'csv'] as const;

/** The case file for the agency: the PDF to read (statement, history, copies), JSON and CSV to import. */
export function CaseFileLinks({ caseId }: { caseId: number }) {
  const { t } = useI18n();
  return (
    <>
      <p className="muted small">{t('collection.caseFileHint')}</p>
      <div className="button-row">
        {FORMATS.map((format) => (
          <a
            key={format}
            className="button"
            href={`/api/collection-cases/${caseId}/file?format=${format}`}
            {...(format === 'pdf' ? { target: '_blank', rel: 'noopener' } : { download: true })}
            data-testid={`case-file-${format}`}
          >
            {t(`collection.file.${format}`)}
          </a>
        ))}
      </div>
    </>
  );
}
