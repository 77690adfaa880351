import { useNavigate } from '@tanstack/react-router';
import { type FormEvent, useState } from 'react';
import { api } from '../../api/client.ts';
import { fieldError } from '../../api/field-error.ts';
import type { CaseKind, CustomerInvoice, HandedOverCase } from '../../api/types.ts';
import { useApiMutation } from '../../api/use-api-mutation.ts';
import { useI18n } from '../../i18n/i18n-context.tsx';
import { Field } from '../../ui/field.tsx';
import { FormError } from '../../ui/form-error.tsx';
import { ClaimPicker } from './claim-picker.tsx';

type Scope = 'due' | 'chosen';

const FIELDS = ['invoiceIds', 'invoiceNumbers', 'kind', 'agencyName', 'agencyReference', 'handedOverOn'];

interface HandoverBody {
  customerId: number;
  invoiceIds?: number[];
  kind: CaseKind;
  agencyName: string;
  agencyReference?: string;
}

/**
 * Hands claims of a customer over to a collection agency or a lawyer: every due claim (those that
 * cannot go – disputed, in a plan or another case – are left out and named on the case page) or
 * the ones chosen. Then the case page.
 */
export function HandoverForm({
  customerId,
  invoices,
  onCancel,
}: {
  customerId: number;
  invoices: CustomerInvoice[];
  onCancel: () => void;
}) {
  const { t } = useI18n();
  const navigate = useNavigate();
  const open = invoices.filter((i) => i.openCents > 0 && i.status === 'open');
  const due = open.filter((i) => i.daysOverdue > 0);
  const [scope, setScope] = useState<Scope>('due');
  const [selected, setSelected] = useState<number[]>(() => due.map((i) => i.id));
  const [kind, setKind] = useState<CaseKind>('agency');
  const [agencyName, setAgencyName] = useState('');
  const [reference, setReference] = useState('');
  const [local, setLocal] = useState<{ claims?: string; agencyName?: string }>({});
  const handOver = useApiMutation(
    (body: HandoverBody) => api.post<HandedOverCase>('/api/collection-cases', body),
    (created) => void navigate({ to: '/collection/$caseId', params: { caseId: String(created.id) } }),
  );
  const submit = (event: FormEvent) => {
    event.preventDefault();
    const problems: typeof local = {};
    if (scope === 'chosen' && selected.length === 0) problems.claims = t('collection.chooseClaim');
    if (!agencyName.trim()) problems.agencyName = t('collection.agencyNameRequired');
    setLocal(problems);
    if (Object.keys(problems).length > 0) return;
    handOver.mutate({
      customerId,
      ...(scope === 'chosen' ? { invoiceIds: selected } : {}),
      kind,
      agencyName: agencyName.trim(),
      ...(reference.trim() ? { agencyReference: reference.trim() } : {}),
    });
  };
  if (due.length === 0) return <p className="muted">{t('collection.noDueClaims')}</p>;
  return (
    <form className="stack" onSubmit={submit} noValidate data-testid="handover-form">
      <p className="muted small">{t('collection.handoverHint')}</p>
      <div className="segmented" role="group" aria-label={t('collection.scope')}>
        {(['due', 'chosen'] as const).map((s) => (
          <button
            key={s}
            type="button"
            aria-pressed={scope === s}
            onClick={() => setScope(s)}
            data-testid={`handover-scope-${s}`}
          >
            {t(`collection.scope.${s}`, { count: due.length })}
          </button>
        ))}
      </div>
      {scope === 'chosen' ? (
        <ClaimPicker
          legend={t('collection.chooseClaims')}
          invoices={open}
          selected={selected}
          onChange={setSelected}
          error={handOver.error}
          localError={local.claims}
          testIdPrefix="handover-claim"
        />
      ) : (
        <p className="small" data-testid="handover-due-claims">
          {t('collection.dueClaims', { numbers: due.map((i) => i.number).join(', ') })}
        </p>
      )}
      <div className="inline-form">
        <Field label={t('collection.kind')} error={fieldError(handOver.error, 'kind')}>
          {(control) => (
            <select
              {...control}
              value={kind}
              onChange={(e) => setKind(e.target.value as CaseKind)}
              data-testid="handover-kind"
            >
              <option value="agency">{t('caseKind.agency')}</option>
              <option value="lawyer">{t('caseKind.lawyer')}</option>
            </select>
          )}
        </Field>
        <Field
          label={t('collection.agencyNameLabel')}
          error={local.agencyName ?? fieldError(handOver.error, 'agencyName')}
          className="field-grow"
        >
          {(control) => (
            <input
              {...control}
              value={agencyName}
              maxLength={200}
              onChange={(e) => setAgencyName(e.target.value)}
              data-testid="handover-agency"
            />
          )}
        </Field>
        <Field
          label={t('collection.agencyReferenceLabel')}
          error={fieldError(handOver.error, 'agencyReference')}
        >
          {(control) => (
            <input
              {...control}
              value={reference}
              maxLength={100}
              onChange={(e) => setReference(e.target.value)}
              data-testid="handover-reference"
            />
          )}
        </Field>
      </div>
      <div className="button-row">
        <button
          type="submit"
          className="button button-danger"
          disabled={handOver.isPending}
          data-testid="handover-submit"
        >
          {t('collection.handOver')}
        </button>
        <button type="button" className="button" onClick={onCancel}>
          {t('common.cancel')}
        </button>
      </div>
      <FormError error={handOver.error} fields={FIELDS} />
    </form>
  );
}
