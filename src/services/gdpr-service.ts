/**
 * @module gdpr-service
 * A customer's data protection rights: the export of everything stored about them (GDPR Art. 15,
 * 20), the retention periods that keep records (§ 147 AO, § 257 HGB — see domain/retention.ts) with
 * the day each ends, and erasure (Art. 17): what no retention rule keeps is removed or anonymised;
 * what a rule keeps stays until its period ends, and the answer says what and until when.
 *
 * Erasure is refused while anything is open with the customer (claims, plans, agency cases,
 * disputes): the data is then needed to establish and collect the claims (Art. 17 Abs. 3 lit. e).
 * The event log is the change log of the records (GoBD) and is never rewritten: its hash chain
 * would break. Personal data in event payloads is kept with the records they document.
 */
import { findCustomerById } from '../db/customer-repository.ts';
import { appendEvents } from '../db/event-store.ts';
import {
  anonymiseCustomer,
  type CustomerData,
  eraseBookingRecordDetails,
  eraseBusinessLetters,
  erasePersonalDetails,
  readCustomerData,
  readLatestRecords,
  readOpenMatters,
} from '../db/gdpr-repository.ts';
import type { CalendarDate } from '../domain/calendar-date.ts';
import {
  isRetentionOver,
  RETENTION_RULES,
  type RetentionClass,
  retentionEndOfClass,
} from '../domain/retention.ts';
import { AppError } from './app-error.ts';
import type { ServiceContext } from './service-context.ts';

export interface CustomerExport {
  format: 'mahnwerk-gdpr-export';
  version: 1;
  exportedAt: string;
  /** What the sections hold; binary contents (archived letters, attachments) are named with their SHA-256, not included. */
  note: string;
  retention: RetentionReport;
  data: CustomerData;
}

export interface RetentionClassReport {
  key: RetentionClass;
  years: number;
  law: string;
  covers: string;
  records: number;
  latestRecordOn: string | null;
  /** The last day the class must be kept (31 December of the latest record's year + years). */
  keptUntil: CalendarDate | null;
  over: boolean;
}

export interface RetentionReport {
  customer: { id: number; number: string; name: string };
  asOf: CalendarDate;
  classes: RetentionClassReport[];
  /** The last day any record about the customer must be kept; null: none. */
  keptUntil: CalendarDate | null;
  /** Why erasure is refused now (open claims, plans, cases, disputes); empty: it may go ahead. */
  openMatters: string[];
  /** What erasure removes on `asOf`, in words. */
  erasableNow: string[];
  /** What erasure keeps on `asOf`, and until when. */
  kept: string[];
}

async function customerOrFail(ctx: ServiceContext, customerId: number) {
  const customer = await findCustomerById(ctx.db, ctx.tenantId, customerId);
  if (!customer) throw new AppError('not-found', `customer ${customerId} not found`);
  return customer;
}

/** The retention periods of the customer's records on `asOf`, and what erasure would do that day. */
export async function customerRetention(
  ctx: ServiceContext,
  customerId: number,
  asOf: CalendarDate,
): Promise<RetentionReport> {
  const customer = await customerOrFail(ctx, customerId);
  const latest = await readLatestRecords(ctx.db, ctx.tenantId, customerId);
  const open = await readOpenMatters(ctx.db, ctx.tenantId, customerId);
  const classOf = (key: RetentionClass, latestOn: string | null, records: number): RetentionClassReport => {
    const keptUntil = retentionEndOfClass(latestOn as CalendarDate | null, key);
    return {
      key,
      ...RETENTION_RULES[key],
      records,
      latestRecordOn: latestOn,
      keptUntil,
      over: isRetentionOver(keptUntil, asOf),
    };
  };
  const classes = [
    classOf('booking-records', latest.bookingRecordsOn, latest.bookingRecords),
    classOf('business-letters', latest.businessLettersOn, latest.businessLetters),
  ];
  const ends = classes.map((c) => c.keptUntil).filter((d): d is CalendarDate => d !== null);
  const keptUntil = ends.length > 0 ? (ends.sort().at(-1) as CalendarDate) : null;
  const openMatters = [
    open.openInvoices > 0 ? `${open.openInvoices} open invoice(s)` : null,
    open.activePlans > 0 ? `${open.activePlans} instalment plan(s) running or proposed` : null,
    open.openCases > 0 ? `${open.openCases} collection case(s) at an agency` : null,
    open.openDisputes > 0 ? `${open.openDisputes} open dispute(s)` : null,
    open.pendingNotices > 0 ? `${open.pendingNotices} notice(s) awaiting approval` : null,
  ].filter((m): m is string => m !== null);
  const [booking, letters] = classes as [RetentionClassReport, RetentionClassReport];
  const erasableNow = [
    'contact persons, e-mail address, phone number, notes, known IBANs, dunning block reason',
    'portal links; task titles and outcomes; notes on reported payments',
    ...(letters.records > 0 && letters.over
      ? ['archived letters and dispute attachments; dispute reasons, mandate account details, order notes']
      : []),
    ...(booking.records > 0 && booking.over ? ['payer names, IBANs and remittance texts of payments'] : []),
    ...(isRetentionOver(keptUntil, asOf)
      ? ['the customer’s name, address and VAT id (the number stays as a key)']
      : []),
  ];
  const kept = classes
    .filter((c) => c.records > 0 && !c.over)
    .map((c) => `${c.key} (${c.covers}) until ${c.keptUntil}: ${c.law}, ${c.years} years`);
  if (!isRetentionOver(keptUntil, asOf)) {
    kept.push(`the customer’s name and address, which these records name, until ${keptUntil}`);
  }
  kept.push('the event log (the change log of the records, GoBD): never rewritten, see SECURITY.md');
  return {
    customer: { id: customer.id, number: customer.number, name: customer.name },
    asOf,
    classes,
    keptUntil,
    openMatters,
    erasableNow,
    kept,
  };
}

/** Everything about the customer as one JSON document; recorded as `gdpr.exported`. */
export async function exportCustomerData(
  ctx: ServiceContext,
  customerId: number,
  asOf: CalendarDate,
): Promise<CustomerExport> {
  const retention = await customerRetention(ctx, customerId, asOf);
  const data = await readCustomerData(ctx.db, ctx.tenantId, customerId);
  if (!data) throw new AppError('not-found', `customer ${customerId} not found`);
  const sections = Object.fromEntries(
    Object.entries(data)
      .filter(([, rows]) => Array.isArray(rows))
      .map(([name, rows]) => [name, (rows as unknown[]).length]),
  );
  await ctx.db.transaction((tx) =>
    appendEvents(
      tx,
      ctx.tenantId,
      ctx.actor,
      [
        {
          type: 'gdpr.exported',
          entityType: 'customer',
          entityId: customerId,
          customerId,
          payload: { sections },
        },
      ],
      ctx.now(),
    ),
  );
  return {
    format: 'mahnwerk-gdpr-export',
    version: 1,
    exportedAt: ctx.now().toISOString(),
    note:
      'All data Mahnwerk stores about the customer. Archived letters and dispute attachments are listed ' +
      'with file name and SHA-256; their contents are available as documents on request. Portal links ' +
      'are listed without their secret.',
    retention,
    data,
  };
}

export interface ErasureResult {
  retention: RetentionReport;
  removed: Record<string, number>;
  anonymisedCustomer: boolean;
}

/**
 * Erases or anonymises what no retention rule keeps on `asOf` and reports what stays until when.
 * Refused (conflict) while claims, plans, cases or disputes are open. Recorded as `gdpr.erased`,
 * whose payload holds counts and dates only.
 */
export async function eraseCustomerData(
  ctx: ServiceContext,
  customerId: number,
  asOf: CalendarDate,
): Promise<ErasureResult> {
  const retention = await customerRetention(ctx, customerId, asOf);
  if (retention.openMatters.length > 0) {
    throw new AppError(
      'conflict',
      `customer ${retention.customer.number} cannot be erased yet: ${retention.openMatters.join(', ')}. ` +
        'The data is needed to collect and defend the claims (GDPR Art. 17 Abs. 3 lit. e); close them first.',
    );
  }
  const [booking, letters] = retention.classes as [RetentionClassReport, RetentionClassReport];
  const allOver = isRetentionOver(retention.keptUntil, asOf);
  const removed = await ctx.db.transaction(async (tx) => {
    const counts: Record<string, number> = { ...(await erasePersonalDetails(tx, ctx.tenantId, customerId)) };
    if (letters.over) Object.assign(counts, await eraseBusinessLetters(tx, ctx.tenantId, customerId));
    if (booking.over) Object.assign(counts, await eraseBookingRecordDetails(tx, ctx.tenantId, customerId));
    if (allOver) {
      await anonymiseCustomer(tx, ctx.tenantId, customerId, `Gelöschter Kunde ${retention.customer.number}`);
    }
    await appendEvents(
      tx,
      ctx.tenantId,
      ctx.actor,
      [
        {
          type: 'gdpr.erased',
          entityType: 'customer',
          entityId: customerId,
          customerId,
          payload: {
            asOf,
            removed: counts,
            anonymisedCustomer: allOver,
            keptUntil: Object.fromEntries(retention.classes.map((c) => [c.key, c.keptUntil])),
          },
        },
      ],
      ctx.now(),
    );
    return counts;
  });
  return { retention, removed, anonymisedCustomer: allOver };
}
