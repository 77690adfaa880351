/**
 * @module schema
 * The database schema (drizzle). Every table carries `tenant_id`, and primary and foreign keys
 * lead with it, so all data of one company sits together and a tenant-sharded PostgreSQL can
 * distribute it later. Money is bigint minor units (cents), calendar dates are `date`.
 * Migrations are generated from this file: `npm run db:generate` (drizzle-kit).
 */
import { sql } from 'drizzle-orm';
import {
  bigint,
  boolean,
  customType,
  date,
  foreignKey,
  index,
  integer,
  jsonb,
  pgTable,
  primaryKey,
  text,
  timestamp,
  uniqueIndex,
} from 'drizzle-orm/pg-core';

const cents = (name: string) => bigint(name, { mode: 'number' });
const day = (name: string) => date(name, { mode: 'string' });
const id = () => bigint('id', { mode: 'number' }).generatedAlwaysAsIdentity();
const tenantId = () => bigint('tenant_id', { mode: 'number' }).notNull();
/** Binary content (bytea): a Buffer from node-postgres, a Uint8Array from PGlite; Uint8Array either way. */
const bytes = customType<{ data: Uint8Array; driverData: Uint8Array }>({
  dataType: () => 'bytea',
  toDriver: (value) => Buffer.from(value.buffer, value.byteOffset, value.byteLength),
  fromDriver: (value) => new Uint8Array(value.buffer, value.byteOffset, value.byteLength),
});
const createdAt = () => timestamp('created_at', { withTimezone: true }).notNull().defaultNow();

export interface PostalAddress {
  street: string;
  postalCode: string;
  city: string;
  country: string;
  /** Further lines above the street (c/o, department). */
  extra?: string[];
}

export const tenants = pgTable('tenants', {
  tenantId: bigint('tenant_id', { mode: 'number' }).primaryKey().generatedAlwaysAsIdentity(),
  code: text('code').notNull().unique(),
  name: text('name').notNull(),
  address: jsonb('address').$type<PostalAddress>(),
  /** Federal state of the seat: its public holidays move deadlines (§193 BGB). */
  state: text('state').notNull().default('BE'),
  creditorId: text('creditor_id'),
  vatId: text('vat_id'),
  register: text('register'),
  letterhead: jsonb('letterhead').$type<Record<string, unknown>>().notNull().default({}),
  settings: jsonb('settings').$type<Record<string, unknown>>().notNull().default({}),
  createdAt: createdAt(),
});

export const bankAccounts = pgTable(
  'bank_accounts',
  {
    tenantId: tenantId(),
    id: id(),
    iban: text('iban').notNull(),
    bic: text('bic'),
    bankName: text('bank_name'),
    isDefault: boolean('is_default').notNull().default(false),
  },
  (t) => [
    primaryKey({ columns: [t.tenantId, t.id] }),
    foreignKey({ columns: [t.tenantId], foreignColumns: [tenants.tenantId] }),
  ],
);

/** Numbering per tenant and kind: invoice, credit-note, order, customer. */
export const numberSequences = pgTable(
  'number_sequences',
  {
    tenantId: tenantId(),
    kind: text('kind').notNull(),
    prefix: text('prefix').notNull(),
    nextValue: bigint('next_value', { mode: 'number' }).notNull().default(1),
  },
  (t) => [primaryKey({ columns: [t.tenantId, t.kind] })],
);

export const users = pgTable(
  'users',
  {
    tenantId: tenantId(),
    id: id(),
    email: text('email').notNull(),
    name: text('name').notNull(),
    role: text('role').$type<'admin' | 'controller' | 'viewer'>().notNull(),
    /** argon2id (PHC string); null: cannot log in. */
    passwordHash: text('password_hash'),
    language: text('language').$type<'de' | 'en'>().notNull().default('de'),
    active: boolean('active').notNull().default(true),
    createdAt: createdAt(),
  },
  (t) => [primaryKey({ columns: [t.tenantId, t.id] }), uniqueIndex('users_email').on(t.tenantId, t.email)],
);

/**
 * Failed logins per e-mail address (its SHA-256, lower-cased), across companies: after a few in a
 * row each further attempt waits longer (login in auth-service). A successful login removes the row.
 */
export const loginAttempts = pgTable('login_attempts', {
  emailKey: text('email_key').primaryKey(),
  failures: integer('failures').notNull().default(0),
  lastAttemptAt: timestamp('last_attempt_at', { withTimezone: true }).notNull(),
});

/** Browser sessions: the cookie holds a random token, the table only its SHA-256. */
export const sessions = pgTable(
  'sessions',
  {
    tenantId: tenantId(),
    id: id(),
    userId: bigint('user_id', { mode: 'number' }).notNull(),
    tokenHash: text('token_hash').notNull(),
    /** Sent back by the browser in `x-csrf-token` with every unsafe request. */
    csrfToken: text('csrf_token').notNull(),
    createdAt: createdAt(),
    lastSeenAt: timestamp('last_seen_at', { withTimezone: true }).notNull().defaultNow(),
    expiresAt: timestamp('expires_at', { withTimezone: true }).notNull(),
  },
  (t) => [
    primaryKey({ columns: [t.tenantId, t.id] }),
    uniqueIndex('sessions_token').on(t.tokenHash),
    index('sessions_user').on(t.tenantId, t.userId),
    foreignKey({ columns: [t.tenantId, t.userId], foreignColumns: [users.tenantId, users.id] }),
  ],
);

/** API tokens for machines: shown once, stored as SHA-256, scoped to a tenant and a role. */
export const apiTokens = pgTable(
  'api_tokens',
  {
    tenantId: tenantId(),
    id: id(),
    name: text('name').notNull(),
    role: text('role').$type<'admin' | 'controller' | 'viewer'>().notNull(),
    tokenHash: text('token_hash').notNull(),
    /** The first characters, to recognise a token in lists without revealing it. */
    prefix: text('prefix').notNull(),
    createdBy: text('created_by').notNull(),
    createdAt: createdAt(),
    lastUsedAt: timestamp('last_used_at', { withTimezone: true }),
    revokedAt: timestamp('revoked_at', { withTimezone: true }),
  },
  (t) => [primaryKey({ columns: [t.tenantId, t.id] }), uniqueIndex('api_tokens_hash').on(t.tokenHash)],
);

/** Responses of POSTs that moved money, kept by `Idempotency-Key` so a retried request is answered, not repeated. */
export const idempotencyKeys = pgTable(
  'idempotency_keys',
  {
    tenantId: tenantId(),
    key: text('key').notNull(),
    /** Method and route plus SHA-256 of the body: the same key with another request is refused. */
    requestHash: text('request_hash').notNull(),
    statusCode: integer('status_code').notNull(),
    response: jsonb('response').notNull(),
    createdAt: createdAt(),
  },
  (t) => [primaryKey({ columns: [t.tenantId, t.key] })],
);

export const customers = pgTable(
  'customers',
  {
    tenantId: tenantId(),
    id: id(),
    number: text('number').notNull(),
    name: text('name').notNull(),
    debtorKind: text('debtor_kind').$type<'consumer' | 'business'>().notNull(),
    language: text('language').$type<'de' | 'en'>().notNull().default('de'),
    email: text('email'),
    phone: text('phone'),
    address: jsonb('address').$type<PostalAddress>(),
    vatId: text('vat_id'),
    ibans: text('ibans')
      .array()
      .notNull()
      .default(sql`'{}'::text[]`),
    paymentTerms: jsonb('payment_terms').$type<Record<string, unknown>>(),
    creditLimitCents: cents('credit_limit_cents'),
    groupKey: text('group_key'),
    dunningPolicyKey: text('dunning_policy_key'),
    blockReason: text('block_reason'),
    /** Last day of the dunning block; null with a reason: until lifted. */
    blockUntil: day('block_until'),
    notes: text('notes'),
    version: integer('version').notNull().default(1),
    createdAt: createdAt(),
    updatedAt: timestamp('updated_at', { withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [
    primaryKey({ columns: [t.tenantId, t.id] }),
    uniqueIndex('customers_number').on(t.tenantId, t.number),
    /** The customer list's default order (by name, case-insensitive), paged by keyset. */
    index('customers_name').on(t.tenantId, sql`lower(${t.name})`, t.id),
  ],
);

export const contacts = pgTable(
  'contacts',
  {
    tenantId: tenantId(),
    id: id(),
    customerId: bigint('customer_id', { mode: 'number' }).notNull(),
    role: text('role').$type<'general' | 'billing' | 'dunning'>().notNull().default('general'),
    name: text('name').notNull(),
    email: text('email'),
    phone: text('phone'),
  },
  (t) => [
    primaryKey({ columns: [t.tenantId, t.id] }),
    foreignKey({ columns: [t.tenantId, t.customerId], foreignColumns: [customers.tenantId, customers.id] }),
  ],
);

/** The order lifecycle's states, in their usual order. */
export const ORDER_STATUSES = [
  'received',
  'confirmed',
  'in-progress',
  'partly-delivered',
  'delivered',
  'invoiced',
  'paid',
  'cancelled',
] as const;
export type OrderStatus = (typeof ORDER_STATUSES)[number];

export const orders = pgTable(
  'orders',
  {
    tenantId: tenantId(),
    id: id(),
    number: text('number').notNull(),
    customerId: bigint('customer_id', { mode: 'number' }).notNull(),
    /**
     * received → confirmed → in-progress → partly-delivered → delivered → invoiced → paid, or
     * cancelled. Each change is a row of `order_status_changes` with its day.
     */
    status: text('status').$type<OrderStatus>().notNull().default('received'),
    orderedOn: day('ordered_on').notNull(),
    /** The delivery date promised now; earlier promises are in `order_delivery_date_changes`. */
    deliveryDate: day('delivery_date'),
    confirmedOn: day('confirmed_on'),
    deliveredOn: day('delivered_on'),
    invoicedOn: day('invoiced_on'),
    paymentTerms: jsonb('payment_terms').$type<Record<string, unknown>>().notNull(),
    currency: text('currency').notNull().default('EUR'),
    notes: text('notes'),
    createdAt: createdAt(),
  },
  (t) => [
    primaryKey({ columns: [t.tenantId, t.id] }),
    uniqueIndex('orders_number').on(t.tenantId, t.number),
    foreignKey({ columns: [t.tenantId, t.customerId], foreignColumns: [customers.tenantId, customers.id] }),
  ],
);

/** Lines of orders and invoices share a shape: quantity in thousandths, VAT rate in hundredths of a per cent. */
function lineColumns() {
  return {
    tenantId: tenantId(),
    id: id(),
    position: integer('position').notNull(),
    description: text('description').notNull(),
    quantityMilli: bigint('quantity_milli', { mode: 'number' }).notNull(),
    unit: text('unit').notNull().default('C62'),
    unitPriceCents: cents('unit_price_cents').notNull(),
    vatRateBasisPoints: integer('vat_rate_basis_points').notNull(),
    netCents: cents('net_cents').notNull(),
    vatCents: cents('vat_cents').notNull(),
    grossCents: cents('gross_cents').notNull(),
  };
}

export const orderLines = pgTable(
  'order_lines',
  { ...lineColumns(), orderId: bigint('order_id', { mode: 'number' }).notNull() },
  (t) => [
    primaryKey({ columns: [t.tenantId, t.id] }),
    index('order_lines_order').on(t.tenantId, t.orderId),
    foreignKey({ columns: [t.tenantId, t.orderId], foreignColumns: [orders.tenantId, orders.id] }),
  ],
);

export const invoices = pgTable(
  'invoices',
  {
    tenantId: tenantId(),
    id: id(),
    number: text('number').notNull(),
    customerId: bigint('customer_id', { mode: 'number' }).notNull(),
    orderId: bigint('order_id', { mode: 'number' }),
    issuedOn: day('issued_on').notNull(),
    /** Known day of receipt by the debtor; null: assumed from the issue date. */
    receivedOn: day('received_on'),
    deliveredOn: day('delivered_on'),
    dueDate: day('due_date').notNull(),
    dueDateFixedByCalendar: boolean('due_date_fixed_by_calendar').notNull().default(false),
    /** The invoice told a consumer about default after 30 days (§286 Abs. 3 BGB). */
    thirtyDayNotice: boolean('thirty_day_notice').notNull().default(false),
    paymentTerms: jsonb('payment_terms').$type<Record<string, unknown>>().notNull(),
    currency: text('currency').notNull().default('EUR'),
    netCents: cents('net_cents').notNull(),
    vatCents: cents('vat_cents').notNull(),
    grossCents: cents('gross_cents').notNull(),
    status: text('status').$type<'open' | 'paid' | 'cancelled' | 'written-off'>().notNull().default('open'),
    /** Where it came from: manual, order, csv import, e-invoice, demo. */
    source: text('source').notNull().default('manual'),
    createdAt: createdAt(),
  },
  (t) => [
    primaryKey({ columns: [t.tenantId, t.id] }),
    uniqueIndex('invoices_number').on(t.tenantId, t.number),
    index('invoices_customer').on(t.tenantId, t.customerId),
    /** The invoice list's default order (by due date), paged by keyset. */
    index('invoices_due_date').on(t.tenantId, t.dueDate, t.id),
    foreignKey({ columns: [t.tenantId, t.customerId], foreignColumns: [customers.tenantId, customers.id] }),
    foreignKey({ columns: [t.tenantId, t.orderId], foreignColumns: [orders.tenantId, orders.id] }),
  ],
);

export const invoiceLines = pgTable(
  'invoice_lines',
  { ...lineColumns(), invoiceId: bigint('invoice_id', { mode: 'number' }).notNull() },
  (t) => [
    primaryKey({ columns: [t.tenantId, t.id] }),
    index('invoice_lines_invoice').on(t.tenantId, t.invoiceId),
    foreignKey({ columns: [t.tenantId, t.invoiceId], foreignColumns: [invoices.tenantId, invoices.id] }),
  ],
);

export const creditNotes = pgTable(
  'credit_notes',
  {
    tenantId: tenantId(),
    id: id(),
    number: text('number').notNull(),
    /** The invoice it reduces; null: it names none and is set off against the customer's claims. */
    invoiceId: bigint('invoice_id', { mode: 'number' }),
    customerId: bigint('customer_id', { mode: 'number' }),
    issuedOn: day('issued_on').notNull(),
    reason: text('reason').notNull(),
    netCents: cents('net_cents').notNull(),
    vatCents: cents('vat_cents').notNull(),
    grossCents: cents('gross_cents').notNull(),
    createdAt: createdAt(),
  },
  (t) => [
    primaryKey({ columns: [t.tenantId, t.id] }),
    uniqueIndex('credit_notes_number').on(t.tenantId, t.number),
    foreignKey({ columns: [t.tenantId, t.invoiceId], foreignColumns: [invoices.tenantId, invoices.id] }),
  ],
);

/**
 * The open amounts of each claim (one per invoice), kept current in the same transaction as every
 * payment, credit note and notice, so the daily run reads them set-wise without summing history.
 */
export const claimStates = pgTable(
  'claim_states',
  {
    tenantId: tenantId(),
    invoiceId: bigint('invoice_id', { mode: 'number' }).notNull(),
    customerId: bigint('customer_id', { mode: 'number' }).notNull(),
    openPrincipalCents: cents('open_principal_cents').notNull(),
    /** Fees and the flat fee charged and not yet paid (§367 BGB "Kosten"). */
    openCostsCents: cents('open_costs_cents').notNull().default(0),
    interestPaidCents: cents('interest_paid_cents').notNull().default(0),
    flatFeeClaimed: boolean('flat_fee_claimed').notNull().default(false),
    updatedAt: timestamp('updated_at', { withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [
    primaryKey({ columns: [t.tenantId, t.invoiceId] }),
    index('claim_states_open')
      .on(t.tenantId, t.customerId)
      .where(sql`open_principal_cents > 0`),
    foreignKey({ columns: [t.tenantId, t.invoiceId], foreignColumns: [invoices.tenantId, invoices.id] }),
  ],
);

/** Versioned: a notice records the version it was made with; a new version is a new row. */
export const dunningPolicies = pgTable(
  'dunning_policies',
  {
    tenantId: tenantId(),
    key: text('key').notNull(),
    version: integer('version').notNull(),
    document: jsonb('document').$type<Record<string, unknown>>().notNull(),
    /** Which debtors it serves by default: consumer, business, or null (only by customer assignment). */
    defaultFor: text('default_for'),
    createdAt: createdAt(),
  },
  (t) => [primaryKey({ columns: [t.tenantId, t.key, t.version] })],
);

export const dunningRuns = pgTable(
  'dunning_runs',
  {
    tenantId: tenantId(),
    id: id(),
    runOn: day('run_on').notNull(),
    status: text('status').$type<'running' | 'finished' | 'failed'>().notNull(),
    startedAt: timestamp('started_at', { withTimezone: true }).notNull().defaultNow(),
    finishedAt: timestamp('finished_at', { withTimezone: true }),
    stats: jsonb('stats').$type<Record<string, unknown>>().notNull().default({}),
    actor: text('actor').notNull(),
  },
  (t) => [primaryKey({ columns: [t.tenantId, t.id] })],
);

export const notices = pgTable(
  'notices',
  {
    tenantId: tenantId(),
    id: id(),
    runId: bigint('run_id', { mode: 'number' }),
    customerId: bigint('customer_id', { mode: 'number' }).notNull(),
    policyKey: text('policy_key').notNull(),
    policyVersion: integer('policy_version').notNull(),
    stageKey: text('stage_key').notNull(),
    stageIndex: integer('stage_index').notNull(),
    channel: text('channel').notNull(),
    templateKey: text('template_key').notNull(),
    issuedOn: day('issued_on').notNull(),
    paymentDeadline: day('payment_deadline'),
    status: text('status').$type<'proposed' | 'approved' | 'sent' | 'cancelled'>().notNull(),
    currency: text('currency').notNull(),
    feeCents: cents('fee_cents').notNull(),
    feeWaivedBecause: text('fee_waived_because'),
    totalCents: cents('total_cents').notNull(),
    announcesEscalation: boolean('announces_escalation').notNull().default(false),
    decidedAt: timestamp('decided_at', { withTimezone: true }),
    decidedBy: text('decided_by'),
    cancelReason: text('cancel_reason'),
    createdAt: createdAt(),
  },
  (t) => [
    primaryKey({ columns: [t.tenantId, t.id] }),
    index('notices_customer').on(t.tenantId, t.customerId),
    index('notices_status').on(t.tenantId, t.status),
    foreignKey({ columns: [t.tenantId, t.customerId], foreignColumns: [customers.tenantId, customers.id] }),
  ],
);

/** One claim on a notice, with the snapshot of what was claimed and why. */
export const noticeItems = pgTable(
  'notice_items',
  {
    tenantId: tenantId(),
    noticeId: bigint('notice_id', { mode: 'number' }).notNull(),
    invoiceId: bigint('invoice_id', { mode: 'number' }).notNull(),
    openPrincipalCents: cents('open_principal_cents').notNull(),
    openCostsCents: cents('open_costs_cents').notNull(),
    interestCents: cents('interest_cents').notNull(),
    interestPaidCents: cents('interest_paid_cents').notNull(),
    flatFeeCents: cents('flat_fee_cents').notNull(),
    totalCents: cents('total_cents').notNull(),
    alreadyInDefault: boolean('already_in_default').notNull(),
    defaultStartsOn: day('default_starts_on'),
    defaultReason: text('default_reason'),
    /** The interest computation with its segments, for the claim statement. */
    interestDetail: jsonb('interest_detail').$type<Record<string, unknown>>(),
    /** The stage this claim reached (in a consolidated notice it may lie below the notice's); null: the notice's. */
    stageKey: text('stage_key'),
    cancelled: boolean('cancelled').notNull().default(false),
    cancelReason: text('cancel_reason'),
  },
  (t) => [
    primaryKey({ columns: [t.tenantId, t.noticeId, t.invoiceId] }),
    index('notice_items_invoice').on(t.tenantId, t.invoiceId),
    foreignKey({ columns: [t.tenantId, t.noticeId], foreignColumns: [notices.tenantId, notices.id] }),
    foreignKey({ columns: [t.tenantId, t.invoiceId], foreignColumns: [invoices.tenantId, invoices.id] }),
  ],
);

export const payments = pgTable(
  'payments',
  {
    tenantId: tenantId(),
    id: id(),
    customerId: bigint('customer_id', { mode: 'number' }),
    /** The day the money was credited. */
    receivedOn: day('received_on').notNull(),
    amountCents: cents('amount_cents').notNull(),
    currency: text('currency').notNull().default('EUR'),
    reference: text('reference'),
    payerName: text('payer_name'),
    payerIban: text('payer_iban'),
    source: text('source').notNull().default('manual'),
    /** The bank transaction this payment books, if it came from a statement. */
    bankTransactionId: bigint('bank_transaction_id', { mode: 'number' }),
    /** A reversal (returned direct debit, reversed credit) points at the payment it undoes; amounts are negative. */
    reversesPaymentId: bigint('reverses_payment_id', { mode: 'number' }),
    /** Set on a payment that was undone: its allocations no longer count for interest. */
    reversedByPaymentId: bigint('reversed_by_payment_id', { mode: 'number' }),
    createdAt: createdAt(),
  },
  (t) => [
    primaryKey({ columns: [t.tenantId, t.id] }),
    index('payments_bank_transaction').on(t.tenantId, t.bankTransactionId),
  ],
);

/** Where each payment went: to a claim's costs, interest or principal (§367 BGB), or held as credit. */
export const paymentAllocations = pgTable(
  'payment_allocations',
  {
    tenantId: tenantId(),
    id: id(),
    paymentId: bigint('payment_id', { mode: 'number' }).notNull(),
    invoiceId: bigint('invoice_id', { mode: 'number' }),
    /** `skonto`: the discount granted on a claim paid within its Skonto period (reduces principal, no money). */
    /** `write-off`: a small shortfall within the tolerance, settled without money. */
    component: text('component')
      .$type<'costs' | 'interest' | 'principal' | 'skonto' | 'credit' | 'write-off'>()
      .notNull(),
    amountCents: cents('amount_cents').notNull(),
    rule: text('rule').notNull(),
    /** Day the allocation takes effect (the payment's credit day). */
    effectiveOn: day('effective_on').notNull(),
  },
  (t) => [
    primaryKey({ columns: [t.tenantId, t.id] }),
    index('payment_allocations_invoice').on(t.tenantId, t.invoiceId),
    foreignKey({ columns: [t.tenantId, t.paymentId], foreignColumns: [payments.tenantId, payments.id] }),
  ],
);

export const disputes = pgTable(
  'disputes',
  {
    tenantId: tenantId(),
    id: id(),
    invoiceId: bigint('invoice_id', { mode: 'number' }).notNull(),
    openedOn: day('opened_on').notNull(),
    reason: text('reason').notNull(),
    owner: text('owner'),
    expiresOn: day('expires_on'),
    resolvedOn: day('resolved_on'),
    resolution: text('resolution'),
    createdAt: createdAt(),
  },
  (t) => [
    primaryKey({ columns: [t.tenantId, t.id] }),
    index('disputes_invoice').on(t.tenantId, t.invoiceId),
    foreignKey({ columns: [t.tenantId, t.invoiceId], foreignColumns: [invoices.tenantId, invoices.id] }),
  ],
);

export const promisesToPay = pgTable(
  'promises_to_pay',
  {
    tenantId: tenantId(),
    id: id(),
    invoiceId: bigint('invoice_id', { mode: 'number' }).notNull(),
    madeOn: day('made_on').notNull(),
    payBy: day('pay_by').notNull(),
    amountCents: cents('amount_cents').notNull(),
    status: text('status').$type<'open' | 'kept' | 'broken'>().notNull().default('open'),
    createdAt: createdAt(),
  },
  (t) => [
    primaryKey({ columns: [t.tenantId, t.id] }),
    index('promises_invoice').on(t.tenantId, t.invoiceId),
    foreignKey({ columns: [t.tenantId, t.invoiceId], foreignColumns: [invoices.tenantId, invoices.id] }),
  ],
);

export const instalmentPlans = pgTable(
  'instalment_plans',
  {
    tenantId: tenantId(),
    id: id(),
    customerId: bigint('customer_id', { mode: 'number' }).notNull(),
    /** `proposed`: a customer's proposal from the portal waiting for approval (no claims, no schedule). */
    status: text('status')
      .$type<'proposed' | 'active' | 'completed' | 'accelerated' | 'cancelled'>()
      .notNull(),
    agreedOn: day('agreed_on').notNull(),
    terms: jsonb('terms').$type<Record<string, unknown>>().notNull(),
    /** The day the plan left `active`: completed, accelerated (the whole balance due) or cancelled. */
    closedOn: day('closed_on'),
    createdAt: createdAt(),
  },
  (t) => [
    primaryKey({ columns: [t.tenantId, t.id] }),
    index('instalment_plans_customer').on(t.tenantId, t.customerId),
  ],
);

export const instalmentPlanClaims = pgTable(
  'instalment_plan_claims',
  {
    tenantId: tenantId(),
    planId: bigint('plan_id', { mode: 'number' }).notNull(),
    invoiceId: bigint('invoice_id', { mode: 'number' }).notNull(),
    /** Default interest the agreement names for the claim: demanded, so payments go to it (§ 367 BGB). */
    interestCents: cents('interest_cents').notNull().default(0),
  },
  (t) => [
    primaryKey({ columns: [t.tenantId, t.planId, t.invoiceId] }),
    index('instalment_plan_claims_invoice').on(t.tenantId, t.invoiceId),
    foreignKey({
      columns: [t.tenantId, t.planId],
      foreignColumns: [instalmentPlans.tenantId, instalmentPlans.id],
    }),
  ],
);

export const instalments = pgTable(
  'instalments',
  {
    tenantId: tenantId(),
    planId: bigint('plan_id', { mode: 'number' }).notNull(),
    number: integer('number').notNull(),
    dueDate: day('due_date').notNull(),
    amountCents: cents('amount_cents').notNull(),
    paidCents: cents('paid_cents').notNull().default(0),
  },
  (t) => [
    primaryKey({ columns: [t.tenantId, t.planId, t.number] }),
    foreignKey({
      columns: [t.tenantId, t.planId],
      foreignColumns: [instalmentPlans.tenantId, instalmentPlans.id],
    }),
  ],
);

export const tasks = pgTable(
  'tasks',
  {
    tenantId: tenantId(),
    id: id(),
    customerId: bigint('customer_id', { mode: 'number' }).notNull(),
    invoiceId: bigint('invoice_id', { mode: 'number' }),
    noticeId: bigint('notice_id', { mode: 'number' }),
    kind: text('kind').notNull(),
    title: text('title').notNull(),
    dueOn: day('due_on').notNull(),
    status: text('status').$type<'open' | 'done' | 'cancelled'>().notNull().default('open'),
    outcome: text('outcome'),
    createdAt: createdAt(),
    doneAt: timestamp('done_at', { withTimezone: true }),
  },
  (t) => [primaryKey({ columns: [t.tenantId, t.id] })],
);

/**
 * Append-only, hash-chained per tenant: each row stores the hash of its content and of the
 * previous row (`mahnwerk audit verify` recomputes the chain). Written in the same transaction
 * as the change it describes.
 */
export const events = pgTable(
  'events',
  {
    tenantId: tenantId(),
    seq: bigint('seq', { mode: 'number' }).notNull(),
    occurredAt: timestamp('occurred_at', { withTimezone: true, mode: 'string' }).notNull(),
    actor: text('actor').notNull(),
    type: text('type').notNull(),
    entityType: text('entity_type').notNull(),
    entityId: text('entity_id').notNull(),
    customerId: bigint('customer_id', { mode: 'number' }),
    payload: jsonb('payload').$type<Record<string, unknown>>().notNull(),
    prevHash: text('prev_hash').notNull(),
    hash: text('hash').notNull(),
  },
  (t) => [
    primaryKey({ columns: [t.tenantId, t.seq] }),
    index('events_entity').on(t.tenantId, t.entityType, t.entityId),
    index('events_customer').on(t.tenantId, t.customerId),
  ],
);

/** The head of each tenant's event chain; its row lock serialises appends per tenant. */
export const eventHeads = pgTable('event_heads', {
  tenantId: bigint('tenant_id', { mode: 'number' }).primaryKey(),
  lastSeq: bigint('last_seq', { mode: 'number' }).notNull(),
  lastHash: text('last_hash').notNull(),
});

/** Deliveries to make (email, letter print, webhook), claimed by workers with FOR UPDATE SKIP LOCKED. */
export const outbox = pgTable(
  'outbox',
  {
    tenantId: tenantId(),
    id: id(),
    kind: text('kind').$type<'email' | 'letter' | 'task' | 'webhook'>().notNull(),
    noticeId: bigint('notice_id', { mode: 'number' }),
    /** Makes enqueueing idempotent: the same delivery is never queued twice. */
    dedupeKey: text('dedupe_key').notNull(),
    payload: jsonb('payload').$type<Record<string, unknown>>().notNull(),
    /**
     * pending → sending (an attempt is recorded before the send) → sent | pending (retry later) |
     * failed (gave up). A row left in `sending` by a crash becomes `possibly-sent`: it is not
     * retried on its own, a person checks and resends.
     */
    status: text('status')
      .$type<'pending' | 'sending' | 'sent' | 'failed' | 'possibly-sent'>()
      .notNull()
      .default('pending'),
    attempts: integer('attempts').notNull().default(0),
    availableAt: timestamp('available_at', { withTimezone: true }).notNull().defaultNow(),
    attemptStartedAt: timestamp('attempt_started_at', { withTimezone: true }),
    lastError: text('last_error'),
    /** The SMTP server's message id (or the webhook's response), as proof of delivery. */
    messageId: text('message_id'),
    recipient: text('recipient'),
    createdAt: createdAt(),
    sentAt: timestamp('sent_at', { withTimezone: true }),
  },
  (t) => [
    primaryKey({ columns: [t.tenantId, t.id] }),
    uniqueIndex('outbox_dedupe').on(t.tenantId, t.dedupeKey),
    index('outbox_pending').on(t.status, t.availableAt),
  ],
);

/** Costs charged to a claim outside a notice: the bank's charges for a returned direct debit. */
export const claimCosts = pgTable(
  'claim_costs',
  {
    tenantId: tenantId(),
    id: id(),
    invoiceId: bigint('invoice_id', { mode: 'number' }).notNull(),
    kind: text('kind').$type<'return-charges' | 'collection-costs'>().notNull(),
    amountCents: cents('amount_cents').notNull(),
    incurredOn: day('incurred_on').notNull(),
    bankTransactionId: bigint('bank_transaction_id', { mode: 'number' }),
    description: text('description').notNull(),
    createdAt: createdAt(),
  },
  (t) => [
    primaryKey({ columns: [t.tenantId, t.id] }),
    index('claim_costs_invoice').on(t.tenantId, t.invoiceId),
    foreignKey({ columns: [t.tenantId, t.invoiceId], foreignColumns: [invoices.tenantId, invoices.id] }),
  ],
);

/** One imported statement file: re-importing the same bytes is recognised by the hash. */
export const statementImports = pgTable(
  'statement_imports',
  {
    tenantId: tenantId(),
    id: id(),
    fileName: text('file_name').notNull(),
    sha256: text('sha256').notNull(),
    format: text('format').notNull(),
    entriesRead: integer('entries_read').notNull(),
    entriesAdded: integer('entries_added').notNull(),
    createdAt: createdAt(),
  },
  (t) => [
    primaryKey({ columns: [t.tenantId, t.id] }),
    uniqueIndex('statement_imports_sha').on(t.tenantId, t.sha256),
  ],
);

export const bankStatements = pgTable(
  'bank_statements',
  {
    tenantId: tenantId(),
    id: id(),
    importId: bigint('import_id', { mode: 'number' }).notNull(),
    /** The bank's statement id (camt `Stmt/Id`, MT940 `:20:`). */
    statementRef: text('statement_ref').notNull(),
    accountIban: text('account_iban').notNull(),
    currency: text('currency'),
    sequenceNumber: text('sequence_number'),
    fromDate: day('from_date'),
    toDate: day('to_date'),
    openingBalanceCents: cents('opening_balance_cents'),
    closingBalanceCents: cents('closing_balance_cents'),
    createdAt: createdAt(),
  },
  (t) => [
    primaryKey({ columns: [t.tenantId, t.id] }),
    foreignKey({
      columns: [t.tenantId, t.importId],
      foreignColumns: [statementImports.tenantId, statementImports.id],
    }),
  ],
);

export const bankEntries = pgTable(
  'bank_entries',
  {
    tenantId: tenantId(),
    id: id(),
    statementId: bigint('statement_id', { mode: 'number' }).notNull(),
    accountIban: text('account_iban').notNull(),
    /** Identity across files: the bank reference, or a content hash with its occurrence (see statement-import). */
    entryKey: text('entry_key').notNull(),
    bookingDate: day('booking_date').notNull(),
    valueDate: day('value_date'),
    amountCents: cents('amount_cents').notNull(),
    currency: text('currency').notNull(),
    direction: text('direction').$type<'credit' | 'debit'>().notNull(),
    reversal: boolean('reversal').notNull(),
    status: text('status').$type<'BOOK' | 'PDNG' | 'INFO'>().notNull(),
    bankReference: text('bank_reference'),
    bankTransactionCode: text('bank_transaction_code'),
    bookingText: text('booking_text'),
  },
  (t) => [
    primaryKey({ columns: [t.tenantId, t.id] }),
    uniqueIndex('bank_entries_key').on(t.tenantId, t.accountIban, t.entryKey),
    foreignKey({
      columns: [t.tenantId, t.statementId],
      foreignColumns: [bankStatements.tenantId, bankStatements.id],
    }),
  ],
);

export type BankTransactionStatus = 'booked' | 'review' | 'parked' | 'ignored' | 'reversed';

export const bankTransactions = pgTable(
  'bank_transactions',
  {
    tenantId: tenantId(),
    id: id(),
    entryId: bigint('entry_id', { mode: 'number' }).notNull(),
    amountCents: cents('amount_cents').notNull(),
    currency: text('currency').notNull(),
    direction: text('direction').$type<'credit' | 'debit'>().notNull(),
    bookingDate: day('booking_date').notNull(),
    endToEndId: text('end_to_end_id'),
    mandateId: text('mandate_id'),
    remittance: text('remittance').notNull().default(''),
    creditorReference: text('creditor_reference'),
    counterpartyName: text('counterparty_name'),
    counterpartyIban: text('counterparty_iban'),
    counterpartyBic: text('counterparty_bic'),
    returnReason: text('return_reason'),
    creditorId: text('creditor_id'),
    originalAmountCents: cents('original_amount_cents'),
    chargesCents: cents('charges_cents'),
    /** booked: a payment exists; review: waits for a person; parked: payer unknown; ignored: not a receivable. */
    status: text('status').$type<BankTransactionStatus>().notNull(),
    customerId: bigint('customer_id', { mode: 'number' }),
    /** Confidence of the best match, 0–100. */
    confidence: integer('confidence'),
    /** Why: the evidence of the booking or the reason for review. */
    evidence: jsonb('evidence').$type<string[]>().notNull().default([]),
    /** Ranked suggestions for the review queue. */
    suggestions: jsonb('suggestions').$type<Record<string, unknown>[]>().notNull().default([]),
    createdAt: createdAt(),
  },
  (t) => [
    primaryKey({ columns: [t.tenantId, t.id] }),
    index('bank_transactions_entry').on(t.tenantId, t.entryId),
    index('bank_transactions_status').on(t.tenantId, t.status),
    index('bank_transactions_e2e').on(t.tenantId, t.endToEndId),
    foreignKey({ columns: [t.tenantId, t.entryId], foreignColumns: [bankEntries.tenantId, bankEntries.id] }),
  ],
);

/** A tenant's own wording of a letter template (dunning stages); without a row the shipped wording applies. */
export const letterTemplates = pgTable(
  'letter_templates',
  {
    tenantId: tenantId(),
    key: text('key').notNull(),
    language: text('language').$type<'de' | 'en'>().notNull(),
    subject: text('subject').notNull(),
    body: text('body').notNull(),
    updatedAt: timestamp('updated_at', { withTimezone: true }).notNull().defaultNow(),
    updatedBy: text('updated_by').notNull(),
  },
  (t) => [primaryKey({ columns: [t.tenantId, t.key, t.language] })],
);

/** Where events are announced by signed HTTP POST (webhooks); empty `events`: all announced types. */
export const webhookEndpoints = pgTable(
  'webhook_endpoints',
  {
    tenantId: tenantId(),
    id: id(),
    url: text('url').notNull(),
    /** Key of the HMAC-SHA256 signature the receiver checks. */
    secret: text('secret').notNull(),
    events: text('events')
      .array()
      .notNull()
      .default(sql`'{}'::text[]`),
    active: boolean('active').notNull().default(true),
    createdAt: createdAt(),
  },
  (t) => [primaryKey({ columns: [t.tenantId, t.id] })],
);

/**
 * Documents as they left the company (GoBD: business letters are kept as sent, 6 years): the
 * rendered bytes and their SHA-256, which the `document.archived` event carries into the audit
 * chain. One per document; never updated.
 */
export const archivedDocuments = pgTable(
  'archived_documents',
  {
    tenantId: tenantId(),
    id: id(),
    entityType: text('entity_type').$type<'notice'>().notNull(),
    entityId: bigint('entity_id', { mode: 'number' }).notNull(),
    fileName: text('file_name').notNull(),
    mimeType: text('mime_type').notNull(),
    sha256: text('sha256').notNull(),
    content: bytes('content').notNull(),
    createdAt: createdAt(),
  },
  (t) => [
    primaryKey({ columns: [t.tenantId, t.id] }),
    uniqueIndex('archived_documents_entity').on(t.tenantId, t.entityType, t.entityId),
  ],
);

/**
 * SEPA direct debit mandates (SEPA-Lastschriftmandat): the customer's authorisation to collect
 * from one account. The first collection under a mandate is `FRST`, the following ones `RCUR`.
 */
export const sepaMandates = pgTable(
  'sepa_mandates',
  {
    tenantId: tenantId(),
    id: id(),
    customerId: bigint('customer_id', { mode: 'number' }).notNull(),
    /** Mandatsreferenz: up to 35 characters, unique per creditor. */
    reference: text('reference').notNull(),
    signedOn: day('signed_on').notNull(),
    scheme: text('scheme').$type<'CORE' | 'B2B'>().notNull(),
    /** `recurring`: many collections; `one-off`: a single collection (OOFF). */
    kind: text('kind').$type<'recurring' | 'one-off'>().notNull(),
    debtorName: text('debtor_name').notNull(),
    iban: text('iban').notNull(),
    bic: text('bic'),
    /** Set with the first exported collection: later ones are RCUR. */
    firstCollectedOn: day('first_collected_on'),
    revokedOn: day('revoked_on'),
    createdAt: createdAt(),
  },
  (t) => [
    primaryKey({ columns: [t.tenantId, t.id] }),
    uniqueIndex('sepa_mandates_reference').on(t.tenantId, t.reference),
    index('sepa_mandates_customer').on(t.tenantId, t.customerId),
    foreignKey({ columns: [t.tenantId, t.customerId], foreignColumns: [customers.tenantId, customers.id] }),
  ],
);

/**
 * One collection in a pain.008 file: an invoice's open amount or an instalment. The end-to-end id
 * comes back on the bank statement, with the credit and with a return (R-transaction).
 */
export const directDebits = pgTable(
  'direct_debits',
  {
    tenantId: tenantId(),
    id: id(),
    mandateId: bigint('mandate_id', { mode: 'number' }).notNull(),
    customerId: bigint('customer_id', { mode: 'number' }).notNull(),
    invoiceId: bigint('invoice_id', { mode: 'number' }),
    planId: bigint('plan_id', { mode: 'number' }),
    instalmentNumber: integer('instalment_number'),
    amountCents: cents('amount_cents').notNull(),
    collectionDate: day('collection_date').notNull(),
    sequenceType: text('sequence_type').$type<'FRST' | 'RCUR' | 'OOFF' | 'FNAL'>().notNull(),
    endToEndId: text('end_to_end_id').notNull(),
    /** The pain.008 message (GrpHdr/MsgId) it was exported in. */
    messageId: text('message_id').notNull(),
    remittance: text('remittance').notNull(),
    status: text('status').$type<'exported' | 'collected' | 'returned'>().notNull().default('exported'),
    paymentId: bigint('payment_id', { mode: 'number' }),
    createdAt: createdAt(),
  },
  (t) => [
    primaryKey({ columns: [t.tenantId, t.id] }),
    uniqueIndex('direct_debits_end_to_end').on(t.tenantId, t.endToEndId),
    index('direct_debits_invoice').on(t.tenantId, t.invoiceId),
    index('direct_debits_message').on(t.tenantId, t.messageId),
    foreignKey({
      columns: [t.tenantId, t.mandateId],
      foreignColumns: [sepaMandates.tenantId, sepaMandates.id],
    }),
  ],
);

/**
 * A handover to a collection agency or a lawyer (Inkasso): the claims it covers are out of the
 * company's dunning from the handover until the case is closed or returned.
 */
export const collectionCases = pgTable(
  'collection_cases',
  {
    tenantId: tenantId(),
    id: id(),
    customerId: bigint('customer_id', { mode: 'number' }).notNull(),
    kind: text('kind').$type<'agency' | 'lawyer'>().notNull(),
    agencyName: text('agency_name').notNull(),
    /** The agency's file number, once known. */
    agencyReference: text('agency_reference'),
    handedOverOn: day('handed_over_on').notNull(),
    status: text('status').$type<'handed-over' | 'agency-paid' | 'closed' | 'returned'>().notNull(),
    closedOn: day('closed_on'),
    createdAt: createdAt(),
  },
  (t) => [
    primaryKey({ columns: [t.tenantId, t.id] }),
    index('collection_cases_customer').on(t.tenantId, t.customerId),
    foreignKey({ columns: [t.tenantId, t.customerId], foreignColumns: [customers.tenantId, customers.id] }),
  ],
);

/** A claim in a collection case, with what was claimed on the day of the handover. */
export const collectionCaseClaims = pgTable(
  'collection_case_claims',
  {
    tenantId: tenantId(),
    caseId: bigint('case_id', { mode: 'number' }).notNull(),
    invoiceId: bigint('invoice_id', { mode: 'number' }).notNull(),
    principalCents: cents('principal_cents').notNull(),
    costsCents: cents('costs_cents').notNull(),
    /** Default interest accrued to the handover day, and what of it was paid by then. */
    interestCents: cents('interest_cents').notNull(),
    interestPaidCents: cents('interest_paid_cents').notNull(),
  },
  (t) => [
    primaryKey({ columns: [t.tenantId, t.caseId, t.invoiceId] }),
    index('collection_case_claims_invoice').on(t.tenantId, t.invoiceId),
    foreignKey({
      columns: [t.tenantId, t.caseId],
      foreignColumns: [collectionCases.tenantId, collectionCases.id],
    }),
  ],
);

/** What an agency reported: collected from the debtor, its costs charged to him, what it kept. */
export const collectionRemittances = pgTable(
  'collection_remittances',
  {
    tenantId: tenantId(),
    id: id(),
    caseId: bigint('case_id', { mode: 'number' }).notNull(),
    reportedOn: day('reported_on').notNull(),
    collectedCents: cents('collected_cents').notNull(),
    /** Collection costs the agency charged the debtor (damages for default, § 288 Abs. 4 BGB). */
    debtorCostsCents: cents('debtor_costs_cents').notNull(),
    /** Kept by the agency (its costs and commission) out of what it collected. */
    retainedCents: cents('retained_cents').notNull(),
    paymentId: bigint('payment_id', { mode: 'number' }),
    createdAt: createdAt(),
  },
  (t) => [
    primaryKey({ columns: [t.tenantId, t.id] }),
    foreignKey({
      columns: [t.tenantId, t.caseId],
      foreignColumns: [collectionCases.tenantId, collectionCases.id],
    }),
  ],
);

/**
 * A claim written off, wholly (bad debt, the rest after a settlement: the invoice becomes
 * `written-off`) or in part (a dispute resolved by a partial write-off). The principal part is
 * booked as a `write-off` allocation so interest stops on it; the VAT in it is the hint for the
 * correction under § 17 UStG.
 */
export const writeOffs = pgTable(
  'write_offs',
  {
    tenantId: tenantId(),
    id: id(),
    invoiceId: bigint('invoice_id', { mode: 'number' }).notNull(),
    customerId: bigint('customer_id', { mode: 'number' }).notNull(),
    writtenOffOn: day('written_off_on').notNull(),
    kind: text('kind').$type<'bad-debt' | 'settlement' | 'dispute'>().notNull(),
    reason: text('reason').notNull(),
    principalCents: cents('principal_cents').notNull(),
    costsCents: cents('costs_cents').notNull(),
    interestCents: cents('interest_cents').notNull(),
    /** The VAT contained in the principal written off (§ 17 Abs. 2 UStG), for the tax advisor. */
    vatCents: cents('vat_cents').notNull(),
    paymentId: bigint('payment_id', { mode: 'number' }),
    caseId: bigint('case_id', { mode: 'number' }),
    createdAt: createdAt(),
  },
  (t) => [
    primaryKey({ columns: [t.tenantId, t.id] }),
    index('write_offs_invoice').on(t.tenantId, t.invoiceId),
    foreignKey({ columns: [t.tenantId, t.invoiceId], foreignColumns: [invoices.tenantId, invoices.id] }),
  ],
);

/** The order's lifecycle, one row per status change with the day it happened. */
export const orderStatusChanges = pgTable(
  'order_status_changes',
  {
    tenantId: tenantId(),
    id: id(),
    orderId: bigint('order_id', { mode: 'number' }).notNull(),
    fromStatus: text('from_status'),
    toStatus: text('to_status').notNull(),
    changedOn: day('changed_on').notNull(),
    note: text('note'),
    actor: text('actor').notNull(),
    createdAt: createdAt(),
  },
  (t) => [
    primaryKey({ columns: [t.tenantId, t.id] }),
    index('order_status_changes_order').on(t.tenantId, t.orderId),
    foreignKey({ columns: [t.tenantId, t.orderId], foreignColumns: [orders.tenantId, orders.id] }),
  ],
);

/** A promised delivery date that moved, with the reason given. */
export const orderDeliveryDateChanges = pgTable(
  'order_delivery_date_changes',
  {
    tenantId: tenantId(),
    id: id(),
    orderId: bigint('order_id', { mode: 'number' }).notNull(),
    previousDate: day('previous_date'),
    newDate: day('new_date').notNull(),
    reason: text('reason').notNull(),
    changedOn: day('changed_on').notNull(),
    actor: text('actor').notNull(),
    createdAt: createdAt(),
  },
  (t) => [
    primaryKey({ columns: [t.tenantId, t.id] }),
    index('order_delivery_date_changes_order').on(t.tenantId, t.orderId),
    foreignKey({ columns: [t.tenantId, t.orderId], foreignColumns: [orders.tenantId, orders.id] }),
  ],
);

/**
 * A delivery of an order, whole or in part: which quantities of which order lines (by position,
 * in thousandths) and the invoice made for it, once made.
 */
export const orderDeliveries = pgTable(
  'order_deliveries',
  {
    tenantId: tenantId(),
    id: id(),
    orderId: bigint('order_id', { mode: 'number' }).notNull(),
    deliveredOn: day('delivered_on').notNull(),
    lines: jsonb('lines').$type<{ position: number; quantityMilli: number }[]>().notNull(),
    isComplete: boolean('is_complete').notNull(),
    note: text('note'),
    invoiceId: bigint('invoice_id', { mode: 'number' }),
    createdAt: createdAt(),
  },
  (t) => [
    primaryKey({ columns: [t.tenantId, t.id] }),
    index('order_deliveries_order').on(t.tenantId, t.orderId),
    foreignKey({ columns: [t.tenantId, t.orderId], foreignColumns: [orders.tenantId, orders.id] }),
  ],
);

/**
 * A customer's personal link to the self-service portal. Only the SHA-256 of the token is
 * stored; the link expires and can be revoked. With `codeRequired` the customer also types a
 * one-time code sent by e-mail (its hash, expiry and failed attempts are kept here).
 */
export const portalLinks = pgTable(
  'portal_links',
  {
    tenantId: tenantId(),
    id: id(),
    customerId: bigint('customer_id', { mode: 'number' }).notNull(),
    tokenHash: text('token_hash').notNull(),
    expiresAt: timestamp('expires_at', { withTimezone: true }).notNull(),
    revokedAt: timestamp('revoked_at', { withTimezone: true }),
    lastUsedAt: timestamp('last_used_at', { withTimezone: true }),
    codeRequired: boolean('code_required').notNull().default(false),
    codeHash: text('code_hash'),
    codeExpiresAt: timestamp('code_expires_at', { withTimezone: true }),
    codeAttempts: integer('code_attempts').notNull().default(0),
    createdBy: text('created_by').notNull(),
    createdAt: createdAt(),
  },
  (t) => [
    primaryKey({ columns: [t.tenantId, t.id] }),
    uniqueIndex('portal_links_token').on(t.tokenHash),
    index('portal_links_customer').on(t.tenantId, t.customerId),
    foreignKey({ columns: [t.tenantId, t.customerId], foreignColumns: [customers.tenantId, customers.id] }),
  ],
);

/**
 * A customer's statement that an invoice is paid already ("bereits bezahlt"): dunning of the
 * invoice pauses until `holdUntil` while a person looks for the money.
 */
export const reportedPayments = pgTable(
  'reported_payments',
  {
    tenantId: tenantId(),
    id: id(),
    invoiceId: bigint('invoice_id', { mode: 'number' }).notNull(),
    customerId: bigint('customer_id', { mode: 'number' }).notNull(),
    paidOn: day('paid_on').notNull(),
    amountCents: cents('amount_cents').notNull(),
    note: text('note'),
    reportedOn: day('reported_on').notNull(),
    holdUntil: day('hold_until').notNull(),
    status: text('status').$type<'open' | 'found' | 'not-found'>().notNull().default('open'),
    taskId: bigint('task_id', { mode: 'number' }),
    createdAt: createdAt(),
  },
  (t) => [
    primaryKey({ columns: [t.tenantId, t.id] }),
    index('reported_payments_invoice').on(t.tenantId, t.invoiceId),
    foreignKey({ columns: [t.tenantId, t.invoiceId], foreignColumns: [invoices.tenantId, invoices.id] }),
  ],
);

/** A file the customer attached to a dispute (through the portal), kept as sent. */
export const disputeAttachments = pgTable(
  'dispute_attachments',
  {
    tenantId: tenantId(),
    id: id(),
    disputeId: bigint('dispute_id', { mode: 'number' }).notNull(),
    fileName: text('file_name').notNull(),
    mimeType: text('mime_type').notNull(),
    sizeBytes: integer('size_bytes').notNull(),
    sha256: text('sha256').notNull(),
    content: bytes('content').notNull(),
    createdAt: createdAt(),
  },
  (t) => [
    primaryKey({ columns: [t.tenantId, t.id] }),
    index('dispute_attachments_dispute').on(t.tenantId, t.disputeId),
    foreignKey({ columns: [t.tenantId, t.disputeId], foreignColumns: [disputes.tenantId, disputes.id] }),
  ],
);
