/**
 * @module document-archive-repository
 * Documents as they left the company: written once, read back byte for byte.
 */
import { and, eq } from 'drizzle-orm';
import type { Db } from './database.ts';
import { archivedDocuments } from './schema.ts';

export type ArchivedDocumentRow = typeof archivedDocuments.$inferSelect;
export type NewArchivedDocumentRow = Omit<typeof archivedDocuments.$inferInsert, 'id' | 'createdAt'>;

export async function findArchivedDocument(
  db: Db,
  tenantId: number,
  entityType: ArchivedDocumentRow['entityType'],
  entityId: number,
): Promise<ArchivedDocumentRow | undefined> {
  const [row] = await db
    .select()
    .from(archivedDocuments)
    .where(
      and(
        eq(archivedDocuments.tenantId, tenantId),
        eq(archivedDocuments.entityType, entityType),
        eq(archivedDocuments.entityId, entityId),
      ),
    );
  return row;
}

/** Stores the document unless one is archived for the entity already; true when this call stored it. */
export async function insertArchivedDocument(db: Db, row: NewArchivedDocumentRow): Promise<boolean> {
  const inserted = await db
    .insert(archivedDocuments)
    .values(row)
    .onConflictDoNothing()
    .returning({ id: archivedDocuments.id });
  return inserted.length > 0;
}
