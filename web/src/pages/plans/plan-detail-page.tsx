import { Link, useParams } from '@tanstack/react-router';
import { useState } from 'react';
import { api } from '../../api/client.ts';
import type { PlanDetail } from '../../api/types.ts';
import { useApiMutation } from '../../api/use-api-mutation.ts';
import { useApiQuery } from '../../api/use-api-query.ts';
import { usePermissions } from '../../auth/session.ts';
import { useI18n } from '../../i18n/i18n-context.tsx';
import { PageHeader } from '../../ui/page-header.tsx';
import { QueryView } from '../../ui/query-view.tsx';
import { ReasonForm } from '../../ui/reason-form.tsx';
import { Section } from '../../ui/section.tsx';
import { StatusBadge } from '../../ui/status-badge.tsx';
import { PlanClaims } from './plan-claims.tsx';
import { PlanSchedule } from './plan-schedule.tsx';
import { PlanStandingNote } from './plan-standing-note.tsx';

/** One plan: what it covers, its schedule with what is paid, where it stands; the agreement; cancel. */
export function PlanDetailPage() {
  const { t } = useI18n();
  const { planId } = useParams({ from: '/plans/$planId' });
  const query = useApiQuery<PlanDetail>(`/api/plans/${encodeURIComponent(planId)}`);
  return (
    <>
      <Link to="/plans" className="back-link">
        ← {t('plans.back')}
      </Link>
      <QueryView query={query}>{(plan) => <PlanView plan={plan} />}</QueryView>
    </>
  );
}

function PlanView({ plan }: { plan: PlanDetail }) {
  const { t, f } = useI18n();
  const { canWrite } = usePermissions();
  const [cancelling, setCancelling] = useState(false);
  const cancel = useApiMutation(
    (reason: string) => api.post<PlanDetail>(`/api/plans/${plan.id}/cancel`, { reason }),
    () => setCancelling(false),
  );
  const reminders =
    plan.reminderDaysBefore === null
      ? t('plans.remindersOff')
      : plan.customerEmail
        ? t('plans.remindersValue', { days: plan.reminderDaysBefore, email: plan.customerEmail })
        : t('plans.remindersNoEmail');
  const facts: [string, string, boolean?][] = [
    [t('plans.agreedOn'), f.date(plan.agreedOn)],
    [t('plans.claimsTotal'), f.money(plan.claimsCents)],
    [
      t('plans.interest'),
      plan.interest
        ? t('plans.interestValue', {
            rate: f.number(Number(plan.interest.ratePercent), 2),
            amount: f.money(plan.interest.totalCents),
          })
        : t('plans.noInterest'),
    ],
    [t('plans.total'), f.money(plan.totalCents), true],
    [t('plans.paid'), f.money(plan.paidCents)],
    [t('plans.open'), f.money(plan.openCents), true],
    [t('plans.grace'), t('common.days', { count: plan.graceDays })],
    [t('plans.reminders'), reminders],
  ];
  return (
    <>
      <PageHeader
        title={
          <>
            {t('plans.detailTitle', { id: plan.id })}{' '}
            <span className="muted title-suffix">
              <Link to="/customers/$customerId" params={{ customerId: String(plan.customerId) }}>
                {plan.customerName}
              </Link>
            </span>
          </>
        }
      >
        <StatusBadge status={plan.status} />
        {plan.closedOn && (
          <span className="muted small">{t('plans.closedOn', { date: f.date(plan.closedOn) })}</span>
        )}
        <a
          className="button"
          href={plan.agreement}
          target="_blank"
          rel="noopener"
          data-testid="plan-agreement"
        >
          {t('plans.agreementPdf')}
        </a>
        {canWrite && plan.status === 'active' && !cancelling && (
          <button
            type="button"
            className="button button-danger"
            onClick={() => setCancelling(true)}
            data-testid="plan-cancel"
          >
            {t('plans.cancel')}
          </button>
        )}
      </PageHeader>
      {cancelling && (
        <Section title={t('plans.cancel')}>
          <ReasonForm
            label={t('plans.cancelReason')}
            submitLabel={t('plans.cancel')}
            busy={cancel.isPending}
            error={cancel.error}
            onSubmit={(reason) => cancel.mutate(reason)}
            onCancel={() => setCancelling(false)}
          />
        </Section>
      )}
      {cancel.isSuccess && (
        <p className="notice notice-success" role="status">
          {t('plans.cancelled')}
        </p>
      )}
      <div className="grid grid-2">
        <Section title={t('plans.summary')} testId="plan-summary">
          <dl className="details">
            {facts.map(([label, value, strong]) => (
              <div key={label}>
                <dt>{label}</dt>
                <dd>{strong ? <strong>{value}</strong> : value}</dd>
              </div>
            ))}
          </dl>
        </Section>
        <Section title={t('plans.standing', { date: f.date(plan.standing.asOf) })} testId="plan-standing">
          <PlanStandingNote plan={plan} />
        </Section>
      </div>
      <PlanSchedule plan={plan} />
      <PlanClaims claims={plan.claims} claimsCents={plan.claimsCents} />
    </>
  );
}
