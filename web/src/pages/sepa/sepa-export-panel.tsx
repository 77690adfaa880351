import { Link } from '@tanstack/react-router';
import { type FormEvent, useState } from 'react';
import { ApiError } from '../../api/api-error.ts';
import { fetchFile, saveFile } from '../../api/download.ts';
import { fieldError } from '../../api/field-error.ts';
import type { SepaScheme } from '../../api/types.ts';
import { useApiMutation } from '../../api/use-api-mutation.ts';
import { usePermissions } from '../../auth/session.ts';
import { localDateFromToday } from '../../i18n/format.ts';
import { useI18n } from '../../i18n/i18n-context.tsx';
import { ErrorNotice } from '../../ui/error-notice.tsx';
import { Field } from '../../ui/field.tsx';
import { Section } from '../../ui/section.tsx';
import { suggestedCollectionDate } from './collection-date.ts';
import { type SepaExportSummary, sepaExportSummaryOf } from './sepa-export-summary.ts';

interface ExportRequest {
  collectionDate: string;
  scheme: SepaScheme;
}

interface Exported {
  request: ExportRequest;
  fileName: string;
  summary: SepaExportSummary;
}

/** The export's refusal: "nothing due" plainly, a missing creditor id or account with the way to set it. */
function ExportError({ error, request }: { error: unknown; request: ExportRequest | undefined }) {
  const { t, f } = useI18n();
  const { isAdmin } = usePermissions();
  if (error instanceof ApiError && error.status === 409 && request) {
    const skipped = error.errors.filter((e) => e.path);
    return (
      <div className="notice notice-info" role="status" data-testid="sepa-nothing-due">
        <strong>
          {t('sepa.nothingDue', { date: f.date(request.collectionDate), scheme: request.scheme })}
        </strong>
        {skipped.length > 0 && (
          <>
            <p>{t('sepa.skippedTitle', { count: skipped.length })}</p>
            <ul>
              {skipped.map((s) => (
                <li key={`${s.path}:${s.message}`}>
                  {s.path.replace(/^customer /, '')}: {s.message}
                </li>
              ))}
            </ul>
          </>
        )}
      </div>
    );
  }
  const companyField = fieldError(error, 'creditorId') ?? fieldError(error, 'bank');
  return (
    <>
      <ErrorNotice error={error} />
      {companyField && (
        <p className="small" data-testid="sepa-company-missing">
          {isAdmin ? (
            <Link to="/settings" search={{ tab: 'company' }}>
              {t('sepa.setCompany')}
            </Link>
          ) : (
            t('sepa.askAdmin')
          )}
        </p>
      )}
    </>
  );
}

/** The summary of the file just exported: what it holds, and what to check before it goes to the bank. */
function ExportResult({ exported }: { exported: Exported }) {
  const { t, f } = useI18n();
  const { summary } = exported;
  return (
    <div className="stack" data-testid="sepa-export-result">
      <p className="notice notice-success" role="status">
        {t('sepa.exported', {
          file: exported.fileName,
          count: f.number(summary.count),
          amount: f.money(summary.sumCents),
          date: f.date(exported.request.collectionDate),
        })}
      </p>
      <dl className="details details-compact">
        <div>
          <dt>{t('sepa.messageId')}</dt>
          <dd className="mono" data-testid="sepa-message-id">
            {summary.messageId}
          </dd>
        </div>
        <div>
          <dt>{t('sepa.scheme')}</dt>
          <dd>{t(`sepaScheme.${exported.request.scheme}`)}</dd>
        </div>
        <div>
          <dt>{t('sepa.count')}</dt>
          <dd>{f.number(summary.count)}</dd>
        </div>
        <div>
          <dt>{t('sepa.sum')}</dt>
          <dd>
            <strong>{f.money(summary.sumCents)}</strong>
          </dd>
        </div>
      </dl>
      {summary.warnings.length > 0 && (
        <div className="notice notice-warning" role="status" data-testid="sepa-warnings">
          <strong>{t('sepa.warningsTitle', { count: summary.warnings.length })}</strong>
          <ul>
            {summary.warnings.map((w) => (
              <li key={w}>{w}</li>
            ))}
          </ul>
        </div>
      )}
      {summary.skipped.length > 0 && (
        <div className="notice notice-info" role="status" data-testid="sepa-skipped">
          <strong>{t('sepa.skippedTitle', { count: summary.skipped.length })}</strong>
          <ul>
            {summary.skipped.map((s) => (
              <li key={`${s.customerNumber}:${s.reason}`}>
                {s.customerNumber}: {s.reason}
              </li>
            ))}
          </ul>
        </div>
      )}
    </div>
  );
}

/**
 * The export of what is due for collection on a day as a pain.008.001.08 file for the bank: every
 * customer with a usable mandate, their open instalments and due invoices that nothing holds back.
 * One scheme per file (CORE or B2B), as German banks take them. The file downloads at once; the
 * direct debits are recorded, so a second export for the same day finds nothing more.
 */
export function SepaExportPanel() {
  const { t } = useI18n();
  const { canWrite } = usePermissions();
  const [collectionDate, setCollectionDate] = useState(() => suggestedCollectionDate(localDateFromToday(0)));
  const [scheme, setScheme] = useState<SepaScheme>('CORE');
  const [exported, setExported] = useState<Exported | null>(null);
  const exportFile = useApiMutation(
    async (request: ExportRequest) => {
      const file = await fetchFile('POST', '/api/sepa/exports', {
        json: request,
        fallbackName: `pain008-${request.collectionDate}.xml`,
      });
      saveFile(file.blob, file.fileName);
      return { request, fileName: file.fileName, summary: sepaExportSummaryOf(file.headers) };
    },
    (result) => setExported(result),
  );
  if (!canWrite) return null;
  const submit = (event: FormEvent) => {
    event.preventDefault();
    setExported(null);
    exportFile.mutate({ collectionDate, scheme });
  };
  return (
    <Section title={t('sepa.exportTitle')} testId="sepa-export">
      <form className="stack" onSubmit={submit} noValidate data-testid="sepa-export-form">
        <p className="muted small">{t('sepa.exportHint')}</p>
        <div className="inline-form">
          <Field label={t('sepa.collectionDate')} error={fieldError(exportFile.error, 'collectionDate')}>
            {(control) => (
              <input
                {...control}
                type="date"
                required
                value={collectionDate}
                onChange={(e) => setCollectionDate(e.target.value)}
                data-testid="sepa-collection-date"
              />
            )}
          </Field>
          <Field label={t('sepa.scheme')} error={fieldError(exportFile.error, 'scheme')}>
            {(control) => (
              <select
                {...control}
                value={scheme}
                onChange={(e) => setScheme(e.target.value as SepaScheme)}
                data-testid="sepa-scheme"
              >
                <option value="CORE">{t('sepaScheme.CORE')}</option>
                <option value="B2B">{t('sepaScheme.B2B')}</option>
              </select>
            )}
          </Field>
        </div>
        <ul className="plain-list small">
          <li>{t('sepa.collectionDateHint')}</li>
          <li>{t('sepa.preNotification')}</li>
        </ul>
        <div className="button-row">
          <button
            type="submit"
            className="button button-primary"
            disabled={exportFile.isPending || !collectionDate}
            data-testid="sepa-export-submit"
          >
            {exportFile.isPending ? t('sepa.exporting') : t('sepa.export')}
          </button>
        </div>
      </form>
      {exportFile.error ? <ExportError error={exportFile.error} request={exportFile.variables} /> : null}
      {exported && <ExportResult exported={exported} />}
    </Section>
  );
}
