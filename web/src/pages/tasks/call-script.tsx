import { Link } from '@tanstack/react-router';
import type { ClaimHold, Task } from '../../api/types.ts';
import { useI18n } from '../../i18n/i18n-context.tsx';
import type { MessageKey } from '../../i18n/messages-de.ts';

/** Whether a task is a phone call (by hand: `call`; from a policy's call stage: its template key). */
export function isCallTask(kind: string): boolean {
  return kind === 'call' || kind.startsWith('call-');
}

/** Whether a task means talking to the customer: a call, or following up a promise to pay on its day. */
export function isContactTask(kind: string): boolean {
  return isCallTask(kind) || kind === 'promise-due';
}

/** The run's reason for holding a claim back, whose texts the call script reuses. */
const HELD_BACK: Record<ClaimHold, MessageKey> = {
  disputed: 'heldBack.disputed',
  promise: 'heldBack.promise-to-pay',
  'instalment-plan': 'heldBack.instalment-plan',
  'handed-over': 'heldBack.handed-over',
};

/**
 * What the caller needs on screen, as the call list delivers it with each task: whom to call
 * (phone, e-mail), the open claims with amounts, days overdue, the last notice about each and
 * what holds it back (a dispute, a promise, an instalment plan, a handover).
 */
export function CallScript({ task }: { task: Task }) {
  const { t, f, tOr } = useI18n();
  const script = task.script;
  if (!script || task.customerId === undefined) return null;
  const last = script.lastNotice;
  return (
    <div className="call-script" data-testid="call-script">
      <div>
        <h3>
          <Link to="/customers/$customerId" params={{ customerId: String(task.customerId) }}>
            {task.customerName ?? task.customerNumber}
          </Link>{' '}
          <span className="muted small">{task.customerNumber}</span>
        </h3>
        <p className="call-phone" data-testid="call-phone">
          {task.customerPhone ? (
            <a href={`tel:${task.customerPhone.replace(/[^\d+]/g, '')}`}>{task.customerPhone}</a>
          ) : (
            <span className="muted">{t('call.noPhone')}</span>
          )}
        </p>
        {task.customerEmail && (
          <p className="small">
            {t('call.email')}: <a href={`mailto:${task.customerEmail}`}>{task.customerEmail}</a>
          </p>
        )}
        <p className="small" data-testid="call-last-notice">
          <strong>{t('call.lastNotice')}:</strong>{' '}
          {last
            ? t('call.lastNoticeOn', {
                stage: tOr(`stage.${last.stageKey}`, last.stageKey),
                date: f.date(last.issuedOn),
                number: last.invoiceNumber,
              })
            : t('call.noNotice')}
        </p>
      </div>
      <div>
        <h3>{t('call.openItems')}</h3>
        {script.claims.length === 0 ? (
          <p className="muted">{t('customer.noOpenItems')}</p>
        ) : (
          <table className="table table-compact" data-testid="call-open-items">
            <thead>
              <tr>
                <th scope="col">{t('plans.invoice')}</th>
                <th scope="col">{t('plans.dueDate')}</th>
                <th scope="col" className="num">
                  {t('call.daysOverdue')}
                </th>
                <th scope="col" className="num">
                  {t('plans.open')}
                </th>
                <th scope="col">{t('call.lastNotice')}</th>
              </tr>
            </thead>
            <tbody>
              {script.claims.map((c) => (
                <tr key={c.invoiceId} data-testid={`call-claim-${c.invoiceNumber}`}>
                  <td>
                    <Link to="/invoices/$invoiceId" params={{ invoiceId: String(c.invoiceId) }}>
                      {c.invoiceNumber}
                    </Link>
                    {c.heldBy && (
                      <div>
                        <span className="badge badge-muted">{t(HELD_BACK[c.heldBy])}</span>
                      </div>
                    )}
                  </td>
                  <td>{f.date(c.dueDate)}</td>
                  <td className={`num${c.daysOverdue > 0 ? ' text-danger' : ''}`}>
                    {c.daysOverdue > 0 ? c.daysOverdue : t('call.notOverdue')}
                  </td>
                  <td className="num">{f.money(c.openCents)}</td>
                  <td className="small">
                    {c.lastNotice
                      ? t('call.claimNotice', {
                          stage: tOr(`stage.${c.lastNotice.stageKey}`, c.lastNotice.stageKey),
                          date: f.date(c.lastNotice.issuedOn),
                        })
                      : '–'}
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
        )}
        {script.moreClaims > 0 && (
          <p className="muted small">{t('call.moreClaims', { count: script.moreClaims })}</p>
        )}
        <p className="small">
          {t('call.totalOpen', {
            amount: f.money(script.openCents),
            overdue: f.money(script.overdueCents),
          })}
        </p>
      </div>
    </div>
  );
}
