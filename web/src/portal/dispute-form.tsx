/**
 * @module dispute-form
 * Disputing an invoice: which one, the reason, the customer's own words and optionally one PDF,
 * PNG or JPEG of at most 5 MB (sent as base64). Dunning of the invoice stops until the company
 * answers.
 */
import { type FormEvent, useRef, useState } from 'react';
import { Field } from '../ui/field.tsx';
import { base64OfBytes } from './base64.ts';
import { FormProblem, SubmitButton } from './action-panel.tsx';
import { checkDispute, type FieldErrors, invoicesToDispute, MAX_DISPUTE_TEXT } from './form-checks.ts';
import { portalApi } from './portal-client.ts';
import { usePortalI18n } from './portal-i18n.tsx';
import { fieldMessage } from './portal-problems.ts';
import { DISPUTE_REASONS, type DisputeBody, type PortalOverview } from './portal-types.ts';
import { focusFirstInvalid, useAction } from './use-action.ts';

const FIELDS = ['invoiceId', 'reason', 'text', 'file'];

export function DisputeForm({
  overview,
  report,
}: {
  overview: PortalOverview;
  report: (text: string) => void;
}) {
  const { language, t, f } = usePortalI18n();
  const choices = invoicesToDispute(overview.invoices);
  const [invoiceId, setInvoiceId] = useState(choices[0] ? String(choices[0].id) : '');
  const [reason, setReason] = useState('');
  const [text, setText] = useState('');
  const [file, setFile] = useState<File | null>(null);
  const [errors, setErrors] = useState<FieldErrors>({});
  const form = useRef<HTMLFormElement>(null);
  const fileInput = useRef<HTMLInputElement>(null);
  const action = useAction(
    (body: DisputeBody) => portalApi.dispute(body),
    (result) => {
      setReason('');
      setText('');
      setFile(null);
      if (fileInput.current) fileInput.current.value = '';
      report(
        result.attachment
          ? t('actions.dispute.doneWithFile', {
              invoice: result.invoiceNumber,
              file: result.attachment.fileName,
            })
          : t('actions.dispute.done', { invoice: result.invoiceNumber }),
      );
    },
  );
  if (choices.length === 0) return <p className="muted">{t('actions.dispute.none')}</p>;
  const chosen = choices.find((i) => String(i.id) === invoiceId) ?? choices[0];
  const at = (name: string) => errors[name] ?? fieldMessage(action.error, name, language);

  const submit = async (event: FormEvent) => {
    event.preventDefault();
    const checked = checkDispute(
      {
        invoiceId: chosen ? String(chosen.id) : '',
        reason,
        text,
        file: file ? { name: file.name, size: file.size, type: file.type } : null,
      },
      language,
    );
    setErrors(checked.errors);
    if (!checked.body) return focusFirstInvalid(form.current);
    const body: DisputeBody = file
      ? {
          ...checked.body,
          file: { name: file.name, contentBase64: base64OfBytes(new Uint8Array(await file.arrayBuffer())) },
        }
      : checked.body;
    if (!(await action.run(body))) focusFirstInvalid(form.current);
  };

  return (
    <form ref={form} className="stack" onSubmit={submit} noValidate data-testid="dispute-form">
      <Field label={t('field.invoice')} error={at('invoiceId')}>
        {(control) => (
          <select
            {...control}
            value={chosen ? String(chosen.id) : ''}
            onChange={(e) => setInvoiceId(e.target.value)}
          >
            {choices.map((i) => (
              <option key={i.id} value={i.id}>
                {t('field.invoiceOption', { number: i.number, amount: f.money(i.openCents) })}
              </option>
            ))}
          </select>
        )}
      </Field>
      <Field label={t('field.reason')} error={at('reason')}>
        {(control) => (
          <select
            {...control}
            value={reason}
            onChange={(e) => setReason(e.target.value)}
            data-testid="dispute-reason"
          >
            <option value="" disabled>
              {t('field.reasonChoose')}
            </option>
            {DISPUTE_REASONS.map((r) => (
              <option key={r} value={r}>
                {t(`reason.${r}`)}
              </option>
            ))}
          </select>
        )}
      </Field>
      <Field label={t('field.text')} hint={t('field.textHint')} error={at('text')}>
        {(control) => (
          <textarea
            {...control}
            rows={4}
            maxLength={MAX_DISPUTE_TEXT}
            value={text}
            onChange={(e) => setText(e.target.value)}
            data-testid="dispute-text"
          />
        )}
      </Field>
      <Field label={t('field.file')} hint={t('field.fileHint')} error={at('file')}>
        {(control) => (
          <input
            {...control}
            ref={fileInput}
            type="file"
            accept=".pdf,.png,.jpg,.jpeg,application/pdf,image/png,image/jpeg"
            onChange={(e) => setFile(e.target.files?.[0] ?? null)}
            data-testid="dispute-file"
          />
        )}
      </Field>
      <SubmitButton busy={action.busy} label={t('actions.dispute.submit')} testId="dispute-submit" />
      <FormProblem error={action.error} fields={FIELDS} />
    </form>
  );
}
