// The worker thread that reads large e-invoices (see einvoice-thread.ts). It loads the TypeScript
// sources through tsx, as bin/server.js does, and answers one message per file.
import { parentPort } from 'node:worker_threads';
import { register } from 'tsx/esm/api';

register();
const { EInvoiceError, readEInvoice } = await import('./einvoice-read.ts');

parentPort.on('message', async ({ id, bytes, file }) => {
  try {
    parentPort.postMessage({ id, einvoice: await readEInvoice(bytes, file) });
  } catch (error) {
    parentPort.postMessage(
      error instanceof EInvoiceError
        ? { id, violations: error.violations }
        : { id, failure: error instanceof Error ? error.message : String(error) },
    );
  }
});
