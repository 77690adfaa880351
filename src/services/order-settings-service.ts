/**
 * @module order-settings-service
 * The company's settings for orders, kept in the `orders` section of its settings document (as the
 * credit-limit mode is in `creditLimit`):
 * - `invoiceOnDelivery`: `automatic` — a delivery is invoiced at once and the invoice queued for
 *   e-mail, so no day is lost between delivery and invoice; `after-check` — a person gets the task
 *   "Rechnung prüfen und senden" and invoices the delivery after looking at it.
 * - `statusUpdates`: whether a change of an order's status (in progress, delivered, cancelled, a
 *   moved delivery date) sends the customer an update e-mail from the templates.
 */
import { z } from 'zod';
import type { Db } from '../db/database.ts';
import { appendEvents } from '../db/event-store.ts';
import { findTenantById, updateSettingsSection } from '../db/tenant-repository.ts';
import { AppError } from './app-error.ts';
import { parseInput } from './parse-input.ts';
import type { ServiceContext } from './service-context.ts';

export const INVOICE_ON_DELIVERY_MODES = ['automatic', 'after-check'] as const;
export type InvoiceOnDeliveryMode = (typeof INVOICE_ON_DELIVERY_MODES)[number];

export interface OrderSettings {
  invoiceOnDelivery: InvoiceOnDeliveryMode;
  statusUpdates: boolean;
}

export const DEFAULT_ORDER_SETTINGS: OrderSettings = { invoiceOnDelivery: 'automatic', statusUpdates: false };

/** A change of some of the settings; what is not named stays. */
export const orderSettingsUpdateSchema = z
  .object({
    invoiceOnDelivery: z.enum(INVOICE_ON_DELIVERY_MODES).optional(),
    statusUpdates: z.boolean().optional(),
  })
  .strict();

/** The settings in a tenant's settings document; the default for what is missing or unknown. */
export function orderSettingsOf(settings: Record<string, unknown>): OrderSettings {
  const section = (settings.orders ?? {}) as Record<string, unknown>;
  return {
    invoiceOnDelivery:
      INVOICE_ON_DELIVERY_MODES.find((m) => m === section.invoiceOnDelivery) ??
      DEFAULT_ORDER_SETTINGS.invoiceOnDelivery,
    statusUpdates:
      typeof section.statusUpdates === 'boolean'
        ? section.statusUpdates
        : DEFAULT_ORDER_SETTINGS.statusUpdates,
  };
}

/** The order settings; `db` may be a transaction. */
export async function getOrderSettings(ctx: { db: Db; tenantId: number }): Promise<OrderSettings> {
  const tenant = await findTenantById(ctx.db, ctx.tenantId);
  if (!tenant) throw new AppError('not-found', `company ${ctx.tenantId} not found`);
  return orderSettingsOf(tenant.settings);
}

/** Changes the named settings, keeping the others; records the change. */
export async function updateOrderSettings(
  ctx: ServiceContext,
  raw: z.input<typeof orderSettingsUpdateSchema>,
): Promise<OrderSettings> {
  const input = parseInput(orderSettingsUpdateSchema, raw, 'order settings');
  return ctx.db.transaction(async (tx) => {
    const patch = Object.fromEntries(Object.entries(input).filter(([, v]) => v !== undefined));
    const before = await updateSettingsSection(tx, ctx.tenantId, 'orders', patch);
    if (!before) throw new AppError('not-found', `company ${ctx.tenantId} not found`);
    const after = orderSettingsOf({ orders: { ...before, ...patch } });
    await appendEvents(
      tx,
      ctx.tenantId,
      ctx.actor,
      [
        {
          type: 'company.updated',
          entityType: 'company',
          entityId: ctx.tenantId,
          payload: {
            changed: Object.keys(patch).map((k) => `orders.${k}`),
            orders: { ...after },
            previous: { ...orderSettingsOf({ orders: before }) },
          },
        },
      ],
      ctx.now(),
    );
    return after;
  });
}
