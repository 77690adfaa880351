/**
 * @module plan-form
 * Proposing monthly instalments for what is open (disputed invoices excepted). The company's limits
 * are shown before anything is typed; as the customer types, the form shows the instalment and
 * whether the proposal is within the limits. After sending it says, as the API answered, whether
 * the plan was agreed at once or waits for a person's approval.
 */
import { type FormEvent, useRef, useState } from 'react';
import { Field } from '../ui/field.tsx';
import { addDays } from './calendar.ts';
import { FormProblem, SubmitButton } from './action-panel.tsx';
import { type FieldErrors, invoicesForPlan, MAX_NOTE } from './form-checks.ts';
import {
  checkPlanProposal,
  DEFAULT_FIRST_INSTALMENT_DAYS,
  longestPlanWithinLimits,
  MAX_FIRST_INSTALMENT_DAYS,
  MAX_PLAN_MONTHS,
} from './plan-check.ts';
import { portalApi } from './portal-client.ts';
import { usePortalI18n } from './portal-i18n.tsx';
import { fieldMessage } from './portal-problems.ts';
import type { PlanProposalBody, PlanProposalResult, PortalOverview } from './portal-types.ts';
import { focusFirstInvalid, useAction } from './use-action.ts';

const FIELDS = ['months', 'firstDueDate', 'note', 'invoiceIds'];

export function PlanForm({ overview, report }: { overview: PortalOverview; report: (text: string) => void }) {
  const { language, t, f } = usePortalI18n();
  const eligible = invoicesForPlan(overview.invoices);
  const totalCents = eligible.reduce((sum, i) => sum + i.openCents, 0);
  const { limits, asOf } = overview;
  const [months, setMonths] = useState(() => String(longestPlanWithinLimits(totalCents, limits)));
  const [firstDueDate, setFirstDueDate] = useState(addDays(asOf, DEFAULT_FIRST_INSTALMENT_DAYS));
  const [note, setNote] = useState('');
  const [errors, setErrors] = useState<FieldErrors>({});
  const form = useRef<HTMLFormElement>(null);
  const action = useAction(
    (body: PlanProposalBody) => portalApi.proposePlan(body),
    (result: PlanProposalResult) => {
      setNote('');
      if (result.outcome === 'accepted') {
        const first = [...result.plan.instalments].sort((a, b) => a.number - b.number)[0];
        report(
          t('actions.plan.accepted', {
            count: result.plan.instalments.length,
            amount: f.money(first?.amountCents ?? 0),
            date: f.date(first?.dueDate),
          }),
        );
      } else {
        report(
          t('actions.plan.awaiting', {
            months: result.proposal.months,
            amount: f.money(result.proposal.instalmentCents),
          }),
        );
      }
    },
  );
  const pending = overview.planProposals[0];
  if (pending) {
    return (
      <p className="notice notice-info">{t('actions.plan.pending', { date: f.date(pending.proposedOn) })}</p>
    );
  }
  if (eligible.length === 0) return <p className="muted">{t('actions.plan.none')}</p>;
  const checked = checkPlanProposal(
    { months, firstDueDate, note },
    { today: asOf, limits, totalCents },
    language,
  );
  const preview = checked.preview;
  const at = (name: string) => errors[name] ?? fieldMessage(action.error, name, language);
  const latestFirst = addDays(asOf, MAX_FIRST_INSTALMENT_DAYS);

  const submit = async (event: FormEvent) => {
    event.preventDefault();
    setErrors(checked.errors);
    if (!checked.body) return focusFirstInvalid(form.current);
    if (!(await action.run(checked.body))) focusFirstInvalid(form.current);
  };

  return (
    <form ref={form} className="stack" onSubmit={submit} noValidate data-testid="plan-form">
      <p className="notice notice-info" data-testid="plan-limits">
        {t(limits.autoAccept ? 'actions.plan.limits' : 'actions.plan.limitsReviewed', {
          months: limits.maxMonths,
          min: f.money(limits.minInstalmentCents),
        })}
      </p>
      <Field label={t('field.months')} error={at('months')}>
        {(control) => (
          <input
            {...control}
            type="number"
            inputMode="numeric"
            min={1}
            max={MAX_PLAN_MONTHS}
            step={1}
            value={months}
            onChange={(e) => setMonths(e.target.value)}
            data-testid="plan-months"
          />
        )}
      </Field>
      <Field
        label={t('field.firstDueDate')}
        hint={t('field.firstDueDateHint', { date: f.date(latestFirst) })}
        error={at('firstDueDate')}
      >
        {(control) => (
          <input
            {...control}
            type="date"
            min={asOf}
            max={latestFirst}
            value={firstDueDate}
            onChange={(e) => setFirstDueDate(e.target.value)}
            data-testid="plan-first-due"
          />
        )}
      </Field>
      <Field label={t('field.planNote')} error={at('note')}>
        {(control) => (
          <textarea
            {...control}
            rows={2}
            maxLength={MAX_NOTE}
            value={note}
            onChange={(e) => setNote(e.target.value)}
          />
        )}
      </Field>
      <div aria-live="polite" data-testid="plan-preview">
        {preview && (
          <p className="plan-preview">
            {t('actions.plan.preview', {
              months: preview.months,
              amount: f.money(preview.instalmentCents),
              total: f.money(preview.totalCents),
            })}
          </p>
        )}
        {preview && preview.outsideLimits.length > 0 && (
          <p className="notice notice-warning" data-testid="plan-outside">
            {t('actions.plan.outside', { reasons: preview.outsideLimits.join(', ') })}
          </p>
        )}
      </div>
      <SubmitButton busy={action.busy} label={t('actions.plan.submit')} testId="plan-submit" />
      <FormProblem error={action.error} fields={FIELDS} />
    </form>
  );
}
