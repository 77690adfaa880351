import { type FormEvent, useState } from 'react';
import { api } from '../../api/client.ts';
import { fieldError } from '../../api/field-error.ts';
import type { CustomerInvoice, WrittenOff } from '../../api/types.ts';
import { useApiMutation } from '../../api/use-api-mutation.ts';
import { localDateFromToday } from '../../i18n/format.ts';
import { useI18n } from '../../i18n/i18n-context.tsx';
import { Field } from '../../ui/field.tsx';
import { FormError } from '../../ui/form-error.tsx';
import { ClaimPicker } from './claim-picker.tsx';

const FIELDS = ['invoiceIds', 'invoiceNumbers', 'reason', 'writtenOffOn'];

interface WriteOffBody {
  invoiceIds?: number[];
  reason: string;
  writtenOffOn: string;
}

/** Writes off uncollectible claims (bad debt): the ones chosen, or every open one, with a reason. */
export function WriteOffForm({
  customerId,
  invoices,
  onDone,
  onCancel,
}: {
  customerId: number;
  invoices: CustomerInvoice[];
  onDone: (items: WrittenOff[]) => void;
  onCancel: () => void;
}) {
  const { t } = useI18n();
  const open = invoices.filter((i) => i.openCents > 0 && i.status === 'open');
  const [selected, setSelected] = useState<number[]>([]);
  const [reason, setReason] = useState('');
  const [writtenOffOn, setWrittenOffOn] = useState(() => localDateFromToday(0));
  const [local, setLocal] = useState<{ claims?: string; reason?: string }>({});
  const writeOff = useApiMutation(
    (body: WriteOffBody) =>
      api.post<{ items: WrittenOff[] }>(`/api/customers/${customerId}/write-offs`, body),
    (result) => onDone(result.items),
  );
  const submit = (event: FormEvent) => {
    event.preventDefault();
    const problems: typeof local = {};
    if (selected.length === 0) problems.claims = t('collection.chooseClaim');
    if (!reason.trim()) problems.reason = t('writeOffs.reasonRequired');
    setLocal(problems);
    if (Object.keys(problems).length > 0) return;
    writeOff.mutate({ invoiceIds: selected, reason: reason.trim(), writtenOffOn });
  };
  if (open.length === 0) return <p className="muted">{t('writeOffs.noOpenClaims')}</p>;
  return (
    <form className="stack" onSubmit={submit} noValidate data-testid="write-off-form">
      <p className="muted small">{t('writeOffs.hint')}</p>
      <ClaimPicker
        legend={t('writeOffs.chooseClaims')}
        invoices={open}
        selected={selected}
        onChange={setSelected}
        error={writeOff.error}
        localError={local.claims}
        testIdPrefix="write-off-claim"
      />
      <div className="button-row">
        <button
          type="button"
          className="button button-small button-quiet"
          onClick={() => setSelected(open.map((i) => i.id))}
        >
          {t('writeOffs.chooseAll')}
        </button>
      </div>
      <div className="inline-form">
        <Field
          label={t('writeOffs.reason')}
          error={local.reason ?? fieldError(writeOff.error, 'reason')}
          className="field-grow"
        >
          {(control) => (
            <input
              {...control}
              value={reason}
              maxLength={2000}
              onChange={(e) => setReason(e.target.value)}
              data-testid="write-off-reason"
            />
          )}
        </Field>
        <Field label={t('writeOffs.on')} error={fieldError(writeOff.error, 'writtenOffOn')}>
          {(control) => (
            <input
              {...control}
              type="date"
              value={writtenOffOn}
              onChange={(e) => setWrittenOffOn(e.target.value)}
            />
          )}
        </Field>
      </div>
      <div className="button-row">
        <button
          type="submit"
          className="button button-danger"
          disabled={writeOff.isPending}
          data-testid="write-off-submit"
        >
          {t('writeOffs.writeOff')}
        </button>
        <button type="button" className="button" onClick={onCancel}>
          {t('common.cancel')}
        </button>
      </div>
      <FormError error={writeOff.error} fields={FIELDS} />
    </form>
  );
}
