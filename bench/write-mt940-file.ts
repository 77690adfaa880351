/**
 * Writes the W3b MT940 file in a process of its own, so that the memory of making it does not count
 * against the workload's peak RSS:
 *
 *   node --import tsx bench/write-mt940-file.ts PATH TRANSACTIONS INVOICES
 */
import { writeMt940File } from './mt940-file.ts';

const [path, transactions, invoices] = process.argv.slice(2);
if (!path || !transactions || !invoices)
  throw new Error('usage: write-mt940-file.ts PATH TRANSACTIONS INVOICES');
process.stdout.write(`${writeMt940File(path, Number(transactions), Number(invoices))}\n`);
