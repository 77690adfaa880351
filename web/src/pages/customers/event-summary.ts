/**
 * @module event-summary
 * One readable line per timeline event, from its type and payload ("Rechnung RE001 über
 * 1.234,56 €, fällig am 24.11.2026"). Events this module does not know, or whose payload lacks
 * what the line needs, show their type instead.
 */
import type { Language, TimelineEvent } from '../../api/types.ts';
import { formattersFor } from '../../i18n/format.ts';
import { isMessageKey, translate, translateOr } from '../../i18n/translate.ts';

type Payload = Record<string, unknown>;
type Vars = Record<string, string>;
type Fmt = ReturnType<typeof formattersFor>;

const str = (value: unknown): string | null =>
  typeof value === 'string' && value !== '' ? value : typeof value === 'number' ? String(value) : null;
const cents = (value: unknown): number | null => (typeof value === 'number' ? value : null);

/** Every var must be there; a missing one makes the whole line fall back to the type. */
function all(vars: Record<string, string | null>): Vars | null {
  return Object.values(vars).every((v) => v !== null) ? (vars as Vars) : null;
}

function money(fmt: Fmt, value: unknown): string | null {
  const amount = cents(value);
  return amount === null ? null : fmt.money(amount);
}

const VARS: Record<string, (p: Payload, fmt: Fmt, language: Language) => Vars | null> = {
  'customer.created': (p) => all({ name: str(p.name), number: str(p.number) }),
  'customer.updated': (p) =>
    all({ fields: Array.isArray(p.changed) && p.changed.length > 0 ? p.changed.join(', ') : null }),
  'customer.note': (p) => all({ text: str(p.text) }),
  'customer.dunning-blocked': (p, fmt) => {
    const reason = str(p.reason);
    const until = str(p.until);
    return all({ reason: reason && until ? `${reason} (≤ ${fmt.date(until)})` : reason });
  },
  'customer.dunning-unblocked': () => ({}),
  'invoice.created': (p, fmt) =>
    all({
      number: str(p.number),
      amount: money(fmt, p.grossCents),
      dueDate: str(p.dueDate) && fmt.date(str(p.dueDate)),
    }),
  'payment.recorded': (p, fmt) =>
    all({
      amount: money(fmt, p.amountCents),
      date: str(p.receivedOn ?? p.bookedOn) && fmt.date(str(p.receivedOn ?? p.bookedOn)),
    }),
  'payment.reversed': () => ({}),
  'notice.proposed': (p, fmt, language) => noticeVars(p, fmt, language),
  'notice.approved': (p, fmt, language) => noticeVars(p, fmt, language),
  'notice.sent': (p, _fmt, language) =>
    all({
      channel: str(p.channel) && translateOr(language, `channel.${str(p.channel)}`, str(p.channel) ?? ''),
      recipient: str(p.recipient),
    }),
  'notice.cancelled': (p) => all({ reason: str(p.reason) }),
  'notice.item-cancelled': (p) => all({ reason: str(p.reason) }),
  'dispute.opened': (p) => all({ reason: str(p.reason) }),
  'dispute.resolved': (p) => all({ resolution: str(p.resolution) }),
  'promise.recorded': (p, fmt) =>
    all({ amount: money(fmt, p.amountCents), date: str(p.payBy) && fmt.date(str(p.payBy)) }),
  'promise.kept': (p, fmt) =>
    all({ amount: money(fmt, p.amountCents), date: str(p.payBy) && fmt.date(str(p.payBy)) }),
  'promise.broken': (p, fmt) =>
    all({ amount: money(fmt, p.amountCents), date: str(p.payBy) && fmt.date(str(p.payBy)) }),
  'portal.link-created': (p, fmt) =>
    all({ until: str(p.expiresAt) && fmt.date(String(p.expiresAt).slice(0, 10)) }),
  'portal.link-opened': () => ({}),
  'portal.link-revoked': () => ({}),
  'portal.code-sent': () => ({}),
  'portal.document-downloaded': () => ({}),
  'portal.paid-reported': (p, fmt) =>
    all({ amount: money(fmt, p.amountCents), date: str(p.paidOn) && fmt.date(String(p.paidOn)) }),
  'portal.paid-report-confirmed': () => ({}),
  'portal.paid-report-not-confirmed': () => ({}),
  'portal.promise-made': (p, fmt) =>
    all({ amount: money(fmt, p.amountCents), date: str(p.payBy) && fmt.date(String(p.payBy)) }),
  'portal.dispute-opened': (p) => all({ reason: str(p.reason) }),
  'portal.plan-proposed': (p) => all({ months: str(p.months) }),
  'portal.billing-email-changed': () => ({}),
  'instalment-plan.proposal-approved': () => ({}),
  'instalment-plan.proposal-rejected': () => ({}),
  'order.captured': (p) => all({ number: str(p.number) }),
  'order.invoiced': (p) => all({ number: str(p.invoiceNumber) }),
  'order.confirmed': (p) => all({ number: str(p.number) }),
  'order.status-changed': (p, _fmt, language) =>
    all({
      number: str(p.number),
      to: str(p.to) && translateOr(language, `status.${str(p.to)}`, str(p.to) ?? ''),
    }),
  'order.delivery-date-moved': (p, fmt) =>
    all({ number: str(p.number), date: str(p.newDate) && fmt.date(str(p.newDate)), reason: str(p.reason) }),
  'order.delivered': (p, fmt) =>
    all({ number: str(p.number), date: str(p.deliveredOn) && fmt.date(str(p.deliveredOn)) }),
  'order.update-sent': (p) =>
    all({ number: str(p.number), recipient: str(p.recipient), subject: str(p.subject) }),
  'order.invoice-check-requested': (p) => all({ number: str(p.number) }),
  'order.email-sent': (p) => all({ number: str(p.number), recipient: str(p.recipient) }),
  'task.created': (p, fmt) => all({ title: str(p.title), dueOn: str(p.dueOn) && fmt.date(str(p.dueOn)) }),
  'task.completed': (p, _fmt, language) =>
    all({
      title: str(p.title),
      outcome: str(p.outcome) && translateOr(language, `outcome.${str(p.outcome)}`, str(p.outcome) ?? ''),
      note: str(p.note) ? ` – ${str(p.note)}` : '',
    }),
  'contact.added': (p) => all({ name: str(p.name) }),
  'contact.removed': (p) => all({ name: str(p.name) }),
  'credit-note.created': (p, fmt) => all({ number: str(p.number), amount: money(fmt, p.creditedCents) }),
  'bank-transaction.assigned': () => ({}),
  'bank-transaction.ignored': (p) => all({ reason: str(p.reason) }),
  'instalment-plan.agreed': (p, fmt) =>
    all({
      amount: money(
        fmt,
        cents(p.totalCents) === null ? null : (p.totalCents as number) + (cents(p.interestCents) ?? 0),
      ),
    }),
  'instalment-plan.completed': () => ({}),
  'instalment-plan.accelerated': (p, fmt) =>
    all({ number: str(p.missedInstalment), date: str(p.missedDueDate) && fmt.date(str(p.missedDueDate)) }),
  'instalment-plan.cancelled': (p) => all({ reason: str(p.reason) }),
  'instalment-plan.reminder-queued': (p, fmt) =>
    all({
      number: str(p.instalment),
      date: str(p.dueDate) && fmt.date(str(p.dueDate)),
      amount: money(fmt, p.amountCents),
    }),
  'instalment-plan.reminder-sent': (p) => all({ number: str(p.instalment), recipient: str(p.recipient) }),
  'collection.handed-over': (p, fmt, language) =>
    all({
      agency: str(p.agencyName),
      kind: str(p.kind) && translateOr(language, `caseKind.${str(p.kind)}`, str(p.kind) ?? ''),
      count: Array.isArray(p.claims) ? String(p.claims.length) : null,
      amount: money(fmt, p.totalCents),
      leftOut:
        Array.isArray(p.leftOut) && p.leftOut.length > 0
          ? translate(language, 'event.collection.leftOut', { count: p.leftOut.length })
          : '',
    }),
  'collection.remittance': (p, fmt) =>
    all({
      date: str(p.reportedOn) && fmt.date(str(p.reportedOn)),
      collected: money(fmt, p.collectedCents),
      forwarded: money(fmt, p.forwardedCents),
    }),
  'collection.closed': (p, fmt, language) =>
    all({
      date: str(p.closedOn) && fmt.date(str(p.closedOn)),
      writtenOff:
        Array.isArray(p.writtenOff) && p.writtenOff.length > 0
          ? translate(language, 'event.collection.writtenOff', {
              numbers: p.writtenOff.join(', '),
              reason: str(p.writeOffReason) ?? '–',
            })
          : '',
    }),
  'collection.returned': (p, fmt) =>
    all({
      date: str(p.closedOn) && fmt.date(str(p.closedOn)),
      numbers: Array.isArray(p.stillOpen) && p.stillOpen.length > 0 ? p.stillOpen.join(', ') : '–',
    }),
  'claim.written-off': (p, fmt, language) =>
    all({
      number: str(p.invoiceNumber),
      amount: money(
        fmt,
        cents(p.principalCents) === null ? null : (p.principalCents as number) + (cents(p.costsCents) ?? 0),
      ),
      kind: str(p.kind) && translateOr(language, `writeOffKind.${str(p.kind)}`, str(p.kind) ?? ''),
      reason: str(p.reason),
      vat: money(fmt, p.vatCents),
    }),
  'sepa-mandate.added': (p, fmt, language) =>
    all({
      reference: str(p.reference),
      scheme: str(p.scheme),
      kind: str(p.kind) && translateOr(language, `mandateKind.${str(p.kind)}`, str(p.kind) ?? ''),
      date: str(p.signedOn) && fmt.date(str(p.signedOn)),
      iban: str(p.iban),
    }),
  'sepa-mandate.revoked': (p, fmt, language) =>
    all({
      reference: str(p.reference),
      date: str(p.revokedOn) && fmt.date(str(p.revokedOn)),
      recall:
        Array.isArray(p.pendingCollections) && p.pendingCollections.length > 0
          ? translate(language, 'event.sepa-mandate.recall', { count: p.pendingCollections.length })
          : '',
    }),
  'direct-debit.exported': (p, fmt) => {
    const collections = Array.isArray(p.collections) ? (p.collections as Payload[]) : null;
    const amounts = collections?.map((c) => cents(c.amountCents)) ?? null;
    return all({
      date: str(p.collectionDate) && fmt.date(str(p.collectionDate)),
      count: collections && collections.length > 0 ? String(collections.length) : null,
      amount:
        amounts && amounts.every((a) => a !== null)
          ? fmt.money(amounts.reduce<number>((sum, a) => sum + (a ?? 0), 0))
          : null,
      reference: str(p.mandateReference),
      file: str(p.messageId),
    });
  },
  'direct-debit.collected': (p, fmt, language) =>
    all({
      id: str(p.endToEndId),
      details: directDebitDetails(p, fmt, language),
    }),
  'direct-debit.returned': (p, fmt, language) =>
    all({
      id: str(p.endToEndId),
      reason: str(p.returnReason)
        ? translate(language, 'event.direct-debit.reason', { code: str(p.returnReason) ?? '' })
        : '',
      charges:
        (cents(p.chargesCents) ?? 0) > 0
          ? translate(language, 'event.direct-debit.charges', { amount: fmt.money(p.chargesCents as number) })
          : '',
    }),
  'credit-limit.exceeded': (p, fmt, language) =>
    all({
      subject:
        str(p.subject) && translateOr(language, `creditSubject.${str(p.subject)}`, str(p.subject) ?? ''),
      number: str(p.number),
      amount: money(fmt, p.amountCents),
      before: money(fmt, p.exposureCents),
      after: money(fmt, p.exposureAfterCents),
      limit: money(fmt, p.limitCents),
      exceeded: money(fmt, p.exceededByCents),
    }),
  'court-dunning.prepared': (p, fmt) =>
    all({
      date: str(p.asOf) && fmt.date(str(p.asOf)),
      count: Array.isArray(p.invoiceNumbers) ? String(p.invoiceNumbers.length) : null,
      amount: money(fmt, p.totalCents),
      court: str(p.dunningCourt),
      formats:
        Array.isArray(p.formats) && p.formats.length > 0
          ? p.formats.map((x) => String(x).toUpperCase()).join(', ')
          : null,
    }),
};

/** Events whose line depends on more than the type: a promise's follow-up task reads differently. */
const KEYS: Record<string, (p: Payload) => string> = {
  'task.created': (p) => (p.kind === 'promise-due' ? 'event.task.created.promise-due' : 'event.task.created'),
  'task.completed': (p) =>
    p.kind === 'promise-due' ? 'event.task.completed.promise-due' : 'event.task.completed',
};

/** " über 1.234,56 € für RE-1, RE-2" as far as the payload tells (one booked by hand names neither). */
function directDebitDetails(p: Payload, fmt: Fmt, language: Language): string {
  const amount = money(fmt, p.amountCents);
  const numbers =
    Array.isArray(p.invoiceNumbers) && p.invoiceNumbers.length > 0 ? p.invoiceNumbers.join(', ') : null;
  const instalment = typeof p.instalmentNumber === 'number' ? p.instalmentNumber : null;
  return [
    amount ? translate(language, 'event.direct-debit.amount', { amount }) : '',
    numbers
      ? translate(language, 'event.direct-debit.invoices', { numbers })
      : instalment === 0
        ? translate(language, 'event.direct-debit.downPayment')
        : instalment !== null
          ? translate(language, 'event.direct-debit.instalment', { number: instalment })
          : '',
  ].join('');
}

function noticeVars(p: Payload, fmt: Fmt, language: Language): Vars | null {
  const stageKey = str(p.stageKey);
  return all({
    stage: stageKey && translateOr(language, `stage.${stageKey}`, stageKey),
    amount: money(fmt, p.totalCents),
  });
}

export function summarizeEvent(event: Pick<TimelineEvent, 'type' | 'payload'>, language: Language): string {
  const key = KEYS[event.type]?.(event.payload ?? {}) ?? `event.${event.type}`;
  const varsOf = VARS[event.type];
  if (!varsOf || !isMessageKey(key)) return event.type;
  const vars = varsOf(event.payload ?? {}, formattersFor(language), language);
  return vars ? translate(language, key, vars) : event.type;
}
