/**
 * @module customer-service
 * Creating and changing customers (Debitoren), and dunning blocks. Input is validated with
 * located errors; every change writes its event in the same transaction.
 */
import type { Db } from '../db/database.ts';
import { z } from 'zod';
import {
  type ContactRow,
  type CustomerRow,
  deleteContact,
  findCustomerByNumber,
  insertContact,
  insertCustomers,
  type NewCustomerRow,
  updateCustomerRow,
} from '../db/customer-repository.ts';
import { appendEvent, appendEvents, readEventsOf, type StoredEvent } from '../db/event-store.ts';
import { cancelPendingItems } from '../db/notice-repository.ts';
import { cancellationEvents } from './hold-service.ts';
import { invoicesOfCustomer } from '../db/invoice-repository.ts';
import { reserveNumbers } from '../db/tenant-repository.ts';
import { calendarDateSchema } from '../domain/schema-types.ts';
import { parsePaymentTerms } from '../domain/payment-terms.ts';
import { AppError } from './app-error.ts';
import { parseInput, patchSchema } from './parse-input.ts';
import type { ServiceContext } from './service-context.ts';

export const addressSchema = z.object({
  street: z.string().min(1).max(200),
  postalCode: z.string().min(1).max(20),
  city: z.string().min(1).max(100),
  country: z
    .string()
    .regex(/^[A-Z]{2}$/, 'expected an ISO country code like DE')
    .default('DE'),
  extra: z.array(z.string().max(100)).max(2).optional(),
});

const paymentTermsInputSchema = z.record(z.string(), z.unknown()).superRefine((value, ctx) => {
  try {
    parsePaymentTerms(value);
  } catch (error) {
    ctx.addIssue({ code: 'custom', message: (error as Error).message });
  }
});

export const customerInputSchema = z.object({
  number: z.string().trim().min(1).max(40).optional(),
  name: z.string().trim().min(1).max(200),
  debtorKind: z.enum(['consumer', 'business']),
  language: z.enum(['de', 'en']).default('de'),
  email: z.email().nullable().optional(),
  phone: z.string().max(50).nullable().optional(),
  address: addressSchema.nullable().optional(),
  vatId: z.string().max(20).nullable().optional(),
  ibans: z
    .array(z.string().regex(/^[A-Z]{2}\d{2}[A-Z0-9]{10,30}$/, 'expected an IBAN without spaces'))
    .default([]),
  paymentTerms: paymentTermsInputSchema.nullable().optional(),
  creditLimitCents: z.number().int().min(0).nullable().optional(),
  groupKey: z.string().max(40).nullable().optional(),
  dunningPolicyKey: z.string().max(40).nullable().optional(),
  notes: z.string().max(5000).nullable().optional(),
});

export type CustomerInput = z.input<typeof customerInputSchema>;

export function customerRowValues(
  tenantId: number,
  number: string,
  input: z.output<typeof customerInputSchema>,
): NewCustomerRow {
  return {
    tenantId,
    number,
    name: input.name,
    debtorKind: input.debtorKind,
    language: input.language,
    email: input.email ?? null,
    phone: input.phone ?? null,
    address: input.address ?? null,
    vatId: input.vatId ?? null,
    ibans: input.ibans,
    paymentTerms: input.paymentTerms ?? null,
    creditLimitCents: input.creditLimitCents ?? null,
    groupKey: input.groupKey ?? null,
    dunningPolicyKey: input.dunningPolicyKey ?? null,
    notes: input.notes ?? null,
  };
}

export async function createCustomer(ctx: ServiceContext, raw: CustomerInput): Promise<CustomerRow> {
  const input = parseInput(customerInputSchema, raw, 'customer');
  return ctx.db.transaction(async (tx) => {
    let number = input.number;
    if (!number) {
      const { prefix, first } = await reserveNumbers(tx, ctx.tenantId, 'customer', 1);
      number = `${prefix}${String(first).padStart(5, '0')}`;
    } else if (await findCustomerByNumber(tx, ctx.tenantId, number)) {
      throw new AppError('conflict', `customer number ${number} exists already`, {
        issues: [{ path: 'number', message: 'exists already' }],
      });
    }
    const [customer] = await insertCustomers(tx, [customerRowValues(ctx.tenantId, number, input)]);
    const row = customer as CustomerRow;
    await appendEvent(tx, ctx.tenantId, ctx.actor, {
      type: 'customer.created',
      entityType: 'customer',
      entityId: row.id,
      customerId: row.id,
      payload: { number: row.number, name: row.name, debtorKind: row.debtorKind },
    });
    return row;
  });
}

/** The customer with `number`, or a not-found error naming the field `customerNumber`. */
export async function findCustomerOrFail(db: Db, tenantId: number, number: string): Promise<CustomerRow> {
  const customer = await findCustomerByNumber(db, tenantId, number);
  if (!customer) {
    throw new AppError('not-found', `customer ${number} not found`, {
      issues: [{ path: 'customerNumber', message: 'no such customer' }],
    });
  }
  return customer;
}

/** A change of master data: the fields given, nothing else (see `patchSchema`). */
export const customerPatchSchema = patchSchema(customerInputSchema).omit({ number: true });

/** Changes master data; `expectedVersion` guards against lost updates (two users editing at once). */
export async function updateCustomer(
  ctx: ServiceContext,
  number: string,
  raw: z.input<typeof customerPatchSchema>,
  expectedVersion?: number,
): Promise<CustomerRow> {
  const changes = parseInput(customerPatchSchema, raw, 'customer');
  return ctx.db.transaction(async (tx) => {
    const current = await findCustomerOrFail(tx, ctx.tenantId, number);
    const values = Object.fromEntries(Object.entries(changes).filter(([k]) => k in (raw as object)));
    const updated = await updateCustomerRow(tx, ctx.tenantId, current.id, expectedVersion, values);
    if (!updated) {
      throw new AppError(
        'precondition-failed',
        `customer ${number} was changed by someone else (version ${current.version}); reload and try again`,
      );
    }
    await appendEvent(tx, ctx.tenantId, ctx.actor, {
      type: 'customer.updated',
      entityType: 'customer',
      entityId: current.id,
      customerId: current.id,
      payload: { changed: Object.keys(values) },
    });
    return updated;
  });
}

const blockSchema = z.object({
  reason: z.string().trim().min(1).max(500),
  until: calendarDateSchema.nullable().default(null),
});

/** Pauses dunning for all claims of a customer, with a reason and optionally an end (inclusive). */
export async function setDunningBlock(
  ctx: ServiceContext,
  number: string,
  raw: z.input<typeof blockSchema> | null,
): Promise<CustomerRow> {
  const block = raw === null ? null : parseInput(blockSchema, raw, 'dunning block');
  return ctx.db.transaction(async (tx) => {
    const current = await findCustomerOrFail(tx, ctx.tenantId, number);
    const updated = await updateCustomerRow(tx, ctx.tenantId, current.id, undefined, {
      blockReason: block?.reason ?? null,
      blockUntil: block?.until ?? null,
    });
    await appendEvent(tx, ctx.tenantId, ctx.actor, {
      type: block ? 'customer.dunning-blocked' : 'customer.dunning-unblocked',
      entityType: 'customer',
      entityId: current.id,
      customerId: current.id,
      payload: block ? { reason: block.reason, until: block.until } : {},
    });
    if (block) {
      // Proposals that have not gone out yet must not go out under a block.
      const invoiceIds = (await invoicesOfCustomer(tx, ctx.tenantId, current.id)).map((r) => r.invoice.id);
      const cancelled = await cancelPendingItems(tx, ctx.tenantId, invoiceIds, 'dunning block');
      await appendEvents(
        tx,
        ctx.tenantId,
        ctx.actor,
        cancellationEvents(cancelled, 'dunning block'),
        ctx.now(),
      );
    }
    return updated as CustomerRow;
  });
}

export interface CustomerOverview {
  customer: CustomerRow;
  invoices: Awaited<ReturnType<typeof invoicesOfCustomer>>;
  timeline: StoredEvent[];
}

/** Master data, every invoice with what is open of it, and the timeline of events. */
export async function showCustomer(ctx: ServiceContext, number: string): Promise<CustomerOverview> {
  const customer = await findCustomerOrFail(ctx.db, ctx.tenantId, number);
  const [invoices, timeline] = await Promise.all([
    invoicesOfCustomer(ctx.db, ctx.tenantId, customer.id),
    readEventsOf(ctx.db, ctx.tenantId, customer.id),
  ]);
  return { customer, invoices, timeline };
}

export const contactInputSchema = z.object({
  role: z.enum(['general', 'billing', 'dunning']).default('general'),
  name: z.string().trim().min(1).max(200),
  email: z.email().nullable().optional(),
  phone: z.string().max(50).nullable().optional(),
});

/** A person at the customer: who gets invoices (billing), who is called about overdue items (dunning). */
export async function addContact(
  ctx: ServiceContext,
  customerId: number,
  raw: z.input<typeof contactInputSchema>,
): Promise<ContactRow> {
  const input = parseInput(contactInputSchema, raw, 'contact');
  return ctx.db.transaction(async (tx) => {
    const contact = await insertContact(tx, {
      tenantId: ctx.tenantId,
      customerId,
      role: input.role,
      name: input.name,
      email: input.email ?? null,
      phone: input.phone ?? null,
    });
    await appendEvent(tx, ctx.tenantId, ctx.actor, {
      type: 'contact.added',
      entityType: 'customer',
      entityId: customerId,
      customerId,
      payload: { contactId: contact.id, role: contact.role, name: contact.name },
    });
    return contact;
  });
}

export async function removeContact(
  ctx: ServiceContext,
  customerId: number,
  contactId: number,
): Promise<void> {
  await ctx.db.transaction(async (tx) => {
    const removed = await deleteContact(tx, ctx.tenantId, customerId, contactId);
    if (!removed) throw new AppError('not-found', `contact ${contactId} not found`);
    await appendEvent(tx, ctx.tenantId, ctx.actor, {
      type: 'contact.removed',
      entityType: 'customer',
      entityId: customerId,
      customerId,
      payload: { contactId, name: removed.name },
    });
  });
}
