/**
 * @module report-repository
 * Read models for reports: open items with their customer and group.
 */
import { sql } from 'drizzle-orm';
import type { Db } from './database.ts';
import { queryRows } from './database.ts';

export interface OpenItemRow {
  dueDate: string;
  openCents: number;
  customerNumber: string;
  groupKey: string | null;
}

/** Open principal per invoice as of `asOf`: invoices issued by then, payments credited after it added back. */
export async function openItemsAsOf(db: Db, tenantId: number, asOf: string): Promise<OpenItemRow[]> {
  const rows = await queryRows<Record<string, unknown>>(
    db,
    sql`select i.due_date::text as due_date, cu.number, cu.group_key,
               c.open_principal_cents + coalesce((
                 select sum(a.amount_cents) from payment_allocations a
                  where a.tenant_id = c.tenant_id and a.invoice_id = c.invoice_id
                    and a.component in ('principal', 'skonto', 'write-off') and a.effective_on > ${asOf}::date), 0) as open_cents
          from claim_states c
          join invoices i on i.tenant_id = c.tenant_id and i.id = c.invoice_id
          join customers cu on cu.tenant_id = c.tenant_id and cu.id = c.customer_id
         where c.tenant_id = ${tenantId} and i.issued_on <= ${asOf}::date and i.status <> 'cancelled'`,
  );
  return rows
    .map((r) => ({
      dueDate: String(r.due_date),
      openCents: Number(r.open_cents),
      customerNumber: String(r.number),
      groupKey: r.group_key === null ? null : String(r.group_key),
    }))
    .filter((r) => r.openCents !== 0);
}
