/**
 * @module customer-routes
 * Customers: the list with what each owes, the detail page's data, master data changes guarded by
 * version (If-Match), the dunning block, notes, and the timeline of every event.
 */
import { z } from 'zod';
import { localToday } from '../../cli/parse-options.ts';
import {
  contactsOfCustomer,
  type CustomerRow,
  findCustomerById,
  listCustomerSummaries,
} from '../../db/customer-repository.ts';
import { appendEvents, readEventsOfCustomerPage } from '../../db/event-store.ts';
import { disputesOf, openPromisesOf } from '../../db/hold-repository.ts';
import { invoicesOfCustomer } from '../../db/invoice-repository.ts';
import { listTasks } from '../../db/task-repository.ts';
import { daysPastDue } from '../../domain/aging.ts';
import type { CalendarDate } from '../../domain/calendar-date.ts';
import { AppError } from '../../services/app-error.ts';
import {
  addContact,
  contactInputSchema,
  createCustomer,
  customerInputSchema,
  customerPatchSchema,
  removeContact,
  setDunningBlock,
  updateCustomer,
} from '../../services/customer-service.ts';
import type { ServiceContext } from '../../services/service-context.ts';
import type { ApiApp, ApiDeps } from '../api-deps.ts';
import { idParams, rowId } from '../params.ts';
import { serviceContext } from '../api-deps.ts';
import { decodeCursor, listOf, page, pageQuery } from '../pagination.ts';

const addressSchema = z.object({
  street: z.string(),
  postalCode: z.string(),
  city: z.string(),
  country: z.string(),
  extra: z.array(z.string()).optional(),
});

export const customerSchema = z.object({
  id: z.number(),
  number: z.string(),
  name: z.string(),
  debtorKind: z.enum(['consumer', 'business']),
  language: z.enum(['de', 'en']),
  email: z.string().nullable(),
  phone: z.string().nullable(),
  address: addressSchema.nullable(),
  vatId: z.string().nullable(),
  ibans: z.array(z.string()),
  paymentTerms: z.record(z.string(), z.unknown()).nullable(),
  groupKey: z.string().nullable(),
  creditLimitCents: z.number().nullable(),
  dunningPolicyKey: z.string().nullable(),
  blockReason: z.string().nullable(),
  blockUntil: z.string().nullable(),
  notes: z.string().nullable(),
  version: z.number(),
});

const customerSummarySchema = z.object({
  id: z.number(),
  number: z.string(),
  name: z.string(),
  debtorKind: z.enum(['consumer', 'business']),
  groupKey: z.string().nullable(),
  email: z.string().nullable(),
  openCents: z.number(),
  overdueCents: z.number(),
  creditLimitCents: z.number().nullable(),
  blocked: z.boolean(),
});

export const eventSchema = z.object({
  id: z.number().describe('sequence number in the company’s event chain'),
  at: z.string(),
  type: z.string(),
  actor: z.string(),
  entityType: z.string(),
  entityId: z.string(),
  payload: z.record(z.string(), z.unknown()),
});

function customerJson(c: CustomerRow): z.infer<typeof customerSchema> {
  return {
    id: c.id,
    number: c.number,
    name: c.name,
    debtorKind: c.debtorKind,
    language: c.language,
    email: c.email,
    phone: c.phone,
    address: c.address ?? null,
    vatId: c.vatId,
    ibans: c.ibans,
    paymentTerms: c.paymentTerms ?? null,
    groupKey: c.groupKey,
    creditLimitCents: c.creditLimitCents,
    dunningPolicyKey: c.dunningPolicyKey,
    blockReason: c.blockReason,
    blockUntil: c.blockUntil,
    notes: c.notes,
    version: c.version,
  };
}

/** The customer with this id in the caller's company, or 404 (also for another company's id). */
export async function customerOr404(ctx: ServiceContext, id: number): Promise<CustomerRow> {
  const customer = await findCustomerById(ctx.db, ctx.tenantId, id);
  if (!customer) throw new AppError('not-found', `customer ${id} not found`);
  return customer;
}

/** `If-Match: "3"` (or `3`, or `W/"3"`) as the version number; undefined without the header. */
function versionOf(ifMatch: string | undefined): number | undefined {
  if (ifMatch === undefined) return undefined;
  const match = /^(?:W\/)?"?(\d+)"?$/.exec(ifMatch.trim());
  if (!match) throw new AppError('validation', 'If-Match: expected the version, e.g. "3"');
  return Number(match[1]);
}

export function customerRoutes(app: ApiApp, deps: ApiDeps): void {
  app.get(
    '/api/customers',
    {
      schema: {
        tags: ['customers'],
        summary: 'Customers with open and overdue amounts',
        querystring: pageQuery.extend({
          q: z.string().max(200).optional().describe('part of name, number or e-mail'),
          overdue: z.stringbool().optional().describe('only customers with overdue claims'),
          group: z.string().max(40).optional(),
          sort: z.enum(['name', 'number', 'overdue']).default('name'),
        }),
        response: { 200: listOf(customerSummarySchema) },
      },
    },
    async (request) => {
      const ctx = serviceContext(request, deps);
      const q = request.query;
      const rows = await listCustomerSummaries(ctx.db, ctx.tenantId, {
        ...(q.q ? { q: q.q } : {}),
        ...(q.overdue ? { overdueOnly: true } : {}),
        ...(q.group ? { group: q.group } : {}),
        sort: q.sort,
        asOf: localToday(ctx.now()),
        after: decodeCursor(q.cursor, 2),
        limit: q.limit,
      });
      return page(rows, q.limit, (r) => [r.sortValue, r.id]);
    },
  );

  app.post(
    '/api/customers',
    {
      schema: {
        tags: ['customers'],
        summary: 'Create a customer (number generated when not given)',
        body: customerInputSchema,
        response: { 201: customerSchema },
      },
    },
    async (request, reply) => {
      const customer = await createCustomer(serviceContext(request, deps), request.body);
      return reply.code(201).header('etag', `"${customer.version}"`).send(customerJson(customer));
    },
  );

  app.get(
    '/api/customers/:id',
    {
      schema: {
        tags: ['customers'],
        summary: 'A customer: master data, totals, invoices, disputes, promises and tasks',
        params: idParams,
      },
    },
    async (request, reply) => {
      const ctx = serviceContext(request, deps);
      const customer = await customerOr404(ctx, request.params.id);
      const today = localToday(ctx.now());
      const invoiceRows = await invoicesOfCustomer(ctx.db, ctx.tenantId, customer.id);
      const invoiceIds = invoiceRows.map((r) => r.invoice.id);
      const [disputes, promises, tasks, contacts] = await Promise.all([
        disputesOf(ctx.db, ctx.tenantId, invoiceIds),
        openPromisesOf(ctx.db, ctx.tenantId, invoiceIds),
        listTasks(ctx.db, ctx.tenantId, { customerId: customer.id, limit: 200 }),
        contactsOfCustomer(ctx.db, ctx.tenantId, customer.id),
      ]);
      const invoices = invoiceRows.map(({ invoice: i, claim }) => {
        const openCents = claim.openPrincipalCents + claim.openCostsCents;
        return {
          id: i.id,
          number: i.number,
          issuedOn: i.issuedOn,
          dueDate: i.dueDate,
          grossCents: i.grossCents,
          openCents,
          status: i.status,
          daysOverdue: openCents > 0 ? daysPastDue(i.dueDate as CalendarDate, today) : 0,
        };
      });
      const openCents = invoices.reduce((sum, i) => sum + i.openCents, 0);
      const overdueCents = invoices.filter((i) => i.daysOverdue > 0).reduce((sum, i) => sum + i.openCents, 0);
      const numberOf = new Map(invoiceRows.map((r) => [r.invoice.id, r.invoice.number]));
      reply.header('etag', `"${customer.version}"`);
      return {
        customer: customerJson(customer),
        totals: {
          openCents,
          overdueCents,
          creditLimitUsedPercent:
            customer.creditLimitCents && customer.creditLimitCents > 0
              ? Math.round((openCents / customer.creditLimitCents) * 1000) / 10
              : null,
        },
        invoices,
        disputes: disputes.map((d) => ({ ...d, invoiceNumber: numberOf.get(d.invoiceId) ?? null })),
        promises: promises.map((p) => ({ ...p, invoiceNumber: numberOf.get(p.invoiceId) ?? null })),
        tasks: tasks.map(({ task }) => task),
        contacts,
      };
    },
  );

  app.patch(
    '/api/customers/:id',
    {
      schema: {
        tags: ['customers'],
        summary:
          'Change master data; send If-Match with the version you read (412 when it changed meanwhile)',
        params: idParams,
        headers: z.object({ 'if-match': z.string().optional() }),
        body: customerPatchSchema,
        response: { 200: customerSchema },
      },
    },
    async (request, reply) => {
      const ctx = serviceContext(request, deps);
      const customer = await customerOr404(ctx, request.params.id);
      const updated = await updateCustomer(
        ctx,
        customer.number,
        request.body,
        versionOf(request.headers['if-match']),
      );
      return reply.header('etag', `"${updated.version}"`).send(customerJson(updated));
    },
  );

  app.put(
    '/api/customers/:id/dunning-block',
    {
      schema: {
        tags: ['customers'],
        summary: 'Pause dunning of all claims of the customer, with a reason, until a day or until lifted',
        params: idParams,
        body: z.object({ reason: z.string().min(1).max(500), until: z.iso.date().nullable().default(null) }),
        response: { 200: customerSchema },
      },
    },
    async (request) => {
      const ctx = serviceContext(request, deps);
      const customer = await customerOr404(ctx, request.params.id);
      return customerJson(await setDunningBlock(ctx, customer.number, request.body));
    },
  );

  app.delete(
    '/api/customers/:id/dunning-block',
    {
      schema: {
        tags: ['customers'],
        summary: 'Lift the dunning block',
        params: idParams,
        response: { 200: customerSchema },
      },
    },
    async (request) => {
      const ctx = serviceContext(request, deps);
      const customer = await customerOr404(ctx, request.params.id);
      return customerJson(await setDunningBlock(ctx, customer.number, null));
    },
  );

  app.post(
    '/api/customers/:id/notes',
    {
      schema: {
        tags: ['customers'],
        summary: 'Add a note to the customer’s timeline (a call, an agreement, an observation)',
        params: idParams,
        body: z.object({ text: z.string().trim().min(1).max(5000) }),
        response: { 201: eventSchema },
      },
    },
    async (request, reply) => {
      const ctx = serviceContext(request, deps);
      const customer = await customerOr404(ctx, request.params.id);
      const [stored] = await ctx.db.transaction((tx) =>
        appendEvents(
          tx,
          ctx.tenantId,
          ctx.actor,
          [
            {
              type: 'customer.note',
              entityType: 'customer',
              entityId: customer.id,
              customerId: customer.id,
              payload: { text: request.body.text },
            },
          ],
          ctx.now(),
        ),
      );
      if (!stored) throw new Error('note event not stored');
      return reply.code(201).send(eventJson(stored));
    },
  );

  app.post(
    '/api/customers/:id/contacts',
    {
      schema: {
        tags: ['customers'],
        summary: 'Add a contact person (general, billing or dunning)',
        params: idParams,
        body: contactInputSchema,
      },
    },
    async (request, reply) => {
      const ctx = serviceContext(request, deps);
      const customer = await customerOr404(ctx, request.params.id);
      return reply.code(201).send(await addContact(ctx, customer.id, request.body));
    },
  );

  app.delete(
    '/api/customers/:id/contacts/:contactId',
    {
      schema: {
        tags: ['customers'],
        summary: 'Remove a contact person',
        params: idParams.extend({ contactId: rowId }),
      },
    },
    async (request, reply) => {
      const ctx = serviceContext(request, deps);
      const customer = await customerOr404(ctx, request.params.id);
      await removeContact(ctx, customer.id, request.params.contactId);
      return reply.code(204).send();
    },
  );

  app.get(
    '/api/customers/:id/timeline',
    {
      schema: {
        tags: ['customers', 'events'],
        summary: 'Every event about the customer, newest first',
        params: idParams,
        querystring: pageQuery,
        response: { 200: listOf(eventSchema) },
      },
    },
    async (request) => {
      const ctx = serviceContext(request, deps);
      const customer = await customerOr404(ctx, request.params.id);
      const { limit, cursor } = request.query;
      const before = decodeCursor(cursor, 1);
      const rows = await readEventsOfCustomerPage(
        ctx.db,
        ctx.tenantId,
        customer.id,
        before ? Number(before[0]) : null,
        limit + 1,
      );
      const result = page(rows, limit, (e) => [e.seq]);
      return { items: result.items.map(eventJson), nextCursor: result.nextCursor };
    },
  );
}

export function eventJson(e: {
  seq: number;
  occurredAt: string;
  type: string;
  actor: string;
  entityType: string;
  entityId: string;
  payload: unknown;
}): z.infer<typeof eventSchema> {
  return {
    id: e.seq,
    at: e.occurredAt,
    type: e.type,
    actor: e.actor,
    entityType: e.entityType,
    entityId: e.entityId,
    payload: (e.payload ?? {}) as Record<string, unknown>,
  };
}
