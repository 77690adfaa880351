import { Link } from '@tanstack/react-router';
import { type FormEvent, useState } from 'react';
import { ApiError } from '../../api/api-error.ts';
import { fetchFile, saveFile } from '../../api/download.ts';
import { fieldError } from '../../api/field-error.ts';
import type { CourtDunningApplication, Customer, CustomerInvoice } from '../../api/types.ts';
import { useApiMutation } from '../../api/use-api-mutation.ts';
import { useApiQuery } from '../../api/use-api-query.ts';
import { usePermissions } from '../../auth/session.ts';
import { localDateFromToday } from '../../i18n/format.ts';
import { useI18n } from '../../i18n/i18n-context.tsx';
import { ErrorNotice } from '../../ui/error-notice.tsx';
import { Field } from '../../ui/field.tsx';
import { Section } from '../../ui/section.tsx';
import { Spinner } from '../../ui/spinner.tsx';
import { ClaimPicker } from '../collection/claim-picker.tsx';
import { CourtDunningPreview } from './court-dunning-preview.tsx';
import {
  type ClaimKind,
  type CourtDunningRequest,
  courtDunningRequest,
  previewQuery,
} from './court-dunning-params.ts';

const NW_SETTING = 'settings.courtDunning.nwOlgDistrict';

/**
 * Why no preview: a seat in Nordrhein-Westfalen without its OLG district (the setting, offered to an
 * admin), the company's address missing, or the claims — the server's words, with the way to fix it.
 */
function CourtDunningError({ error }: { error: unknown }) {
  const { t } = useI18n();
  const { isAdmin } = usePermissions();
  const paths = error instanceof ApiError ? error.errors.map((e) => e.path) : [];
  const setting = paths.includes(NW_SETTING)
    ? { tab: 'court-dunning' as const, text: t('court.nwSettingMissing'), link: t('court.openSetting') }
    : paths.includes('company.address')
      ? { tab: 'company' as const, text: t('court.companyAddressMissing'), link: t('court.openCompany') }
      : null;
  if (!setting) return <ErrorNotice error={error} />;
  return (
    <div className="notice notice-error" role="alert" data-testid="court-dunning-setting-missing">
      <strong>{setting.text}</strong>
      <p className="small">{error instanceof ApiError ? error.detail : null}</p>
      {isAdmin ? (
        <Link to="/settings" search={{ tab: setting.tab }} className="button button-small">
          {setting.link}
        </Link>
      ) : (
        <p className="small">{t('court.askAdmin')}</p>
      )}
    </div>
  );
}

/**
 * "Mahnbescheid vorbereiten" on the customer's page: the data of an application for a court
 * order for payment (§§ 688 ff. ZPO) for the customer's claims in default, as a preview that
 * changes nothing, the printable summary (PDF), and for a clerk the export as JSON or PDF, which
 * records the decision on the customer's timeline. Mahnwerk files nothing itself: the data goes
 * into the online form of the dunning courts.
 */
export function CustomerCourtDunning({
  customer,
  invoices,
}: {
  customer: Customer;
  invoices: CustomerInvoice[];
}) {
  const { t } = useI18n();
  const [open, setOpen] = useState(false);
  return (
    <Section
      title={t('court.title')}
      testId="customer-court-dunning"
      actions={
        open ? null : (
          <button
            type="button"
            className="button button-small"
            onClick={() => setOpen(true)}
            data-testid="prepare-court-dunning"
          >
            {t('court.prepare')}
          </button>
        )
      }
    >
      {open ? (
        <CourtDunningWorkspace customer={customer} invoices={invoices} onClose={() => setOpen(false)} />
      ) : (
        <p className="muted small">{t('court.intro')}</p>
      )}
    </Section>
  );
}

function CourtDunningWorkspace({
  customer,
  invoices,
  onClose,
}: {
  customer: Customer;
  invoices: CustomerInvoice[];
  onClose: () => void;
}) {
  const { t } = useI18n();
  const { canWrite } = usePermissions();
  const open = invoices.filter((i) => i.openCents > 0 && i.status === 'open');
  const [date, setDate] = useState(() => localDateFromToday(0));
  const [claimKind, setClaimKind] = useState<ClaimKind>('invoice');
  const [expenses, setExpenses] = useState('');
  const [choosing, setChoosing] = useState(false);
  const [selected, setSelected] = useState<number[]>([]);
  const [expensesProblem, setExpensesProblem] = useState<string | null>(null);
  const [applied, setApplied] = useState<CourtDunningRequest>(() => ({ date: localDateFromToday(0) }));
  const base = `/api/customers/${customer.id}`;
  const query = useApiQuery<CourtDunningApplication>(`${base}/court-dunning${previewQuery(applied)}`);
  const exportFile = useApiMutation(async (format: 'json' | 'pdf') => {
    const file = await fetchFile('POST', `${base}/court-dunning/exports`, {
      json: { ...applied, format },
      fallbackName: `Mahnantrag-${customer.number}.${format}`,
    });
    if (format === 'pdf') {
      saveFile(file.blob, file.fileName);
      return { format, fileName: file.fileName };
    }
    // The JSON is the answer itself, without a file name: named like the PDF, indented to be read.
    const application = JSON.parse(await file.blob.text()) as CourtDunningApplication;
    const fileName = `Mahnantrag-${application.kunde.nummer}-${application.stand}.json`;
    saveFile(new Blob([JSON.stringify(application, null, 2)], { type: 'application/json' }), fileName);
    return { format, fileName };
  });
  const numbers = selected.flatMap((id) => open.filter((i) => i.id === id).map((i) => i.number));
  const submit = (event: FormEvent) => {
    event.preventDefault();
    const { request, expensesValid } = courtDunningRequest({
      date,
      claimKind,
      expenses,
      invoiceNumbers: choosing ? numbers : [],
    });
    setExpensesProblem(expensesValid ? null : t('court.invalidExpenses'));
    if (!expensesValid) return;
    exportFile.reset();
    setApplied(request);
  };
  const error = query.error ?? exportFile.error;
  return (
    <div className="stack">
      <form className="stack" onSubmit={submit} noValidate data-testid="court-dunning-form">
        <p className="muted small">
          {t('court.formHint')} {t('court.expensesHint')}
        </p>
        <div className="inline-form">
          <Field label={t('court.asOf')} error={fieldError(error, 'querystring.date', 'date', 'asOf')}>
            {(control) => (
              <input
                {...control}
                type="date"
                value={date}
                onChange={(e) => setDate(e.target.value)}
                data-testid="court-date"
              />
            )}
          </Field>
          <Field label={t('court.claimKind')} error={fieldError(error, 'querystring.claimKind', 'claimKind')}>
            {(control) => (
              <select
                {...control}
                value={claimKind}
                onChange={(e) => setClaimKind(e.target.value as ClaimKind)}
                data-testid="court-claim-kind"
              >
                {(['invoice', 'goods', 'services'] as const).map((k) => (
                  <option key={k} value={k}>
                    {t(`court.claimKind.${k}`)}
                  </option>
                ))}
              </select>
            )}
          </Field>
          <Field
            label={t('court.expensesLabel')}
            error={expensesProblem ?? fieldError(error, 'querystring.expenses', 'expenses')}
          >
            {(control) => (
              <input
                {...control}
                inputMode="decimal"
                placeholder={t('common.amountPlaceholder')}
                value={expenses}
                onChange={(e) => setExpenses(e.target.value)}
                data-testid="court-expenses"
              />
            )}
          </Field>
        </div>
        <div className="segmented" role="group" aria-label={t('court.scope')}>
          {([false, true] as const).map((c) => (
            <button
              key={String(c)}
              type="button"
              aria-pressed={choosing === c}
              onClick={() => setChoosing(c)}
              data-testid={`court-scope-${c ? 'chosen' : 'all'}`}
            >
              {c ? t('court.scope.chosen') : t('court.scope.all')}
            </button>
          ))}
        </div>
        {choosing && (
          <ClaimPicker
            legend={t('court.chooseClaims')}
            invoices={open}
            selected={selected}
            onChange={setSelected}
            error={query.error ?? exportFile.error}
            testIdPrefix="court-claim"
          />
        )}
        <div className="button-row">
          <button type="submit" className="button button-primary" data-testid="court-refresh">
            {t('court.refresh')}
          </button>
          <button type="button" className="button" onClick={onClose}>
            {t('common.close')}
          </button>
        </div>
      </form>

      {query.isPending && <Spinner />}
      {query.error ? <CourtDunningError error={query.error} /> : null}
      {query.data && (
        <>
          <CourtDunningPreview application={query.data} />
          <div className="button-row">
            <a
              className="button"
              href={`${base}/court-dunning.pdf${previewQuery(applied)}`}
              target="_blank"
              rel="noopener"
              data-testid="court-pdf-preview"
            >
              {t('court.pdfPreview')}
            </a>
            {canWrite && (
              <>
                <button
                  type="button"
                  className="button button-primary"
                  disabled={exportFile.isPending}
                  onClick={() => exportFile.mutate('json')}
                  data-testid="court-export-json"
                >
                  {t('court.exportJson')}
                </button>
                <button
                  type="button"
                  className="button button-primary"
                  disabled={exportFile.isPending}
                  onClick={() => exportFile.mutate('pdf')}
                  data-testid="court-export-pdf"
                >
                  {t('court.exportPdf')}
                </button>
              </>
            )}
          </div>
          <p className="muted small">{t('court.exportHint')}</p>
        </>
      )}
      {exportFile.error ? <CourtDunningError error={exportFile.error} /> : null}
      {exportFile.data && (
        <p className="notice notice-success" role="status" data-testid="court-exported">
          {t('court.exported', { file: exportFile.data.fileName })}
        </p>
      )}
    </div>
  );
}
