/**
 * Large e-invoices are read in a worker thread: the same result and the same located errors as on
 * the calling thread, the calling thread free meanwhile, and a time limit that ends a stuck read.
 */
import { describe, expect, it } from 'vitest';
import { ublInvoice } from '../../test/support/einvoice-samples.ts';
import { EInvoiceError, readEInvoice } from './einvoice-read.ts';
import { readEInvoiceOffThread } from './einvoice-thread.ts';

const bytes = (text: string) => new TextEncoder().encode(text);
/** A valid invoice made large by a long note (one element: within the reader's bounds). */
const large = bytes(
  ublInvoice().replace(
    '<cbc:Note>Vielen Dank für Ihren Auftrag.</cbc:Note>',
    `<cbc:Note>${'Vielen Dank für Ihren Auftrag. '.repeat(400_000)}</cbc:Note>`,
  ),
);

describe('reading e-invoices in a worker thread', () => {
  it('gives the same invoice as reading on the calling thread', async () => {
    const file = bytes(ublInvoice());
    const inWorker = await readEInvoiceOffThread(file, 'small.xml', { offThreadBytes: 0 });
    expect(inWorker).toEqual(await readEInvoice(file, 'small.xml'));
  }, 30_000);

  it('gives the same located error', async () => {
    const broken = bytes(ublInvoice().replace('<cbc:ID>', '<cbc:ID>').replace('</cbc:IssueDate>', ''));
    const inline = await readEInvoice(broken, 'broken.xml').catch((error: unknown) => error);
    const inWorker = await readEInvoiceOffThread(broken, 'broken.xml', { offThreadBytes: 0 }).catch(
      (error: unknown) => error,
    );
    expect(inline).toBeInstanceOf(EInvoiceError);
    expect(inWorker).toBeInstanceOf(EInvoiceError);
    expect((inWorker as EInvoiceError).message).toBe((inline as EInvoiceError).message);
  }, 30_000);

  it('leaves the calling thread free while a large file is read', async () => {
    expect(large.length).toBeGreaterThan(10 * 2 ** 20);
    const order: string[] = [];
    const reading = readEInvoiceOffThread(large, 'large.xml').then((einvoice) => {
      order.push('read');
      return einvoice;
    });
    setImmediate(() => order.push('other work'));
    const einvoice = await reading;
    // On the calling thread the read would finish before any other callback could run.
    expect(order).toEqual(['other work', 'read']);
    expect(einvoice.number).toBe((await readEInvoice(bytes(ublInvoice()), 'small.xml')).number);
  }, 60_000);

  it('refuses a file whose reading takes longer than the limit, and reads the next one again', async () => {
    const refused = await readEInvoiceOffThread(large, 'slow.xml', { timeLimitMs: 50 }).catch(
      (error: unknown) => error,
    );
    expect(refused).toBeInstanceOf(EInvoiceError);
    expect((refused as EInvoiceError).message).toMatch(
      /^slow\.xml at \(document\): reading took longer than 50 ms; not read$/,
    );
    const next = await readEInvoiceOffThread(bytes(ublInvoice()), 'next.xml', { offThreadBytes: 0 });
    expect(next.kind).toBe('invoice');
  }, 60_000);
});
