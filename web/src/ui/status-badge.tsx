import { useI18n } from '../i18n/i18n-context.tsx';

const TONES: Record<string, string> = {
  open: 'info',
  overdue: 'danger',
  paid: 'success',
  approved: 'success',
  sent: 'success',
  finished: 'success',
  done: 'success',
  kept: 'success',
  proposed: 'warning',
  review: 'warning',
  parked: 'muted',
  running: 'info',
  failed: 'danger',
  broken: 'danger',
  cancelled: 'muted',
  active: 'info',
  completed: 'success',
  accelerated: 'danger',
  'written-off': 'muted',
  'handed-over': 'warning',
  'agency-paid': 'info',
  closed: 'muted',
  returned: 'info',
  received: 'muted',
  confirmed: 'info',
  'in-progress': 'info',
  'partly-delivered': 'warning',
  delivered: 'warning',
  invoiced: 'success',
};

/** A status from the API (invoice, notice, run, task …) as a coloured label. */
export function StatusBadge({ status }: { status: string }) {
  const { tOr } = useI18n();
  return <span className={`badge badge-${TONES[status] ?? 'muted'}`}>{tOr(`status.${status}`, status)}</span>;
}
