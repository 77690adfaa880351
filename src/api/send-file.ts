/**
 * @module send-file
 * Documents as HTTP answers: PDFs inline (previews), e-invoices and exports as attachments.
 */
import type { FastifyReply } from 'fastify';

/** A file download whose name cannot break the header (only letters, digits, dot, dash, underscore). */
export function sendFile(
  reply: FastifyReply,
  bytes: Uint8Array,
  mimeType: string,
  fileName: string,
  disposition: 'inline' | 'attachment',
) {
  const safe = fileName.replace(/[^A-Za-z0-9._-]+/g, '_');
  return reply
    .type(mimeType)
    .header('content-disposition', `${disposition}; filename="${safe}"`)
    .header('cache-control', 'private, no-store')
    .send(Buffer.from(bytes));
}
