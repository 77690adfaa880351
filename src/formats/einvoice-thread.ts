/**
 * @module einvoice-thread
 * Reads a large e-invoice in a worker thread, so that the server keeps answering everyone else while
 * one 20 MB upload is parsed (fast-xml-parser spends about a microsecond per character: 10–20 s of
 * CPU for the largest file allowed). Small files — nearly every real e-invoice — are read at once on
 * the calling thread: starting the worker costs about half a second. One worker per process, started
 * on first need, not keeping the process alive; a file that takes longer than the time limit ends the
 * worker and is refused.
 */
import { Worker } from 'node:worker_threads';
import { type EInvoice, EInvoiceError, type EInvoiceViolation, readEInvoice } from './einvoice-read.ts';

/** From this size a file is read in the worker. */
export const OFF_THREAD_BYTES = 1024 * 1024;
const TIME_LIMIT_MS = 120_000;

type Answer =
  | { id: number; einvoice: EInvoice }
  | { id: number; violations: EInvoiceViolation[] }
  | { id: number; failure: string };

interface Pending {
  file: string;
  resolve: (einvoice: EInvoice) => void;
  reject: (error: Error) => void;
  timer: NodeJS.Timeout;
}

let worker: Worker | null = null;
const pending = new Map<number, Pending>();
let nextId = 0;

function endWorker(error: Error): void {
  const ended = worker;
  worker = null;
  for (const [id, request] of pending) {
    clearTimeout(request.timer);
    pending.delete(id);
    request.reject(error);
  }
  void ended?.terminate();
}

function theWorker(): Worker {
  if (worker) return worker;
  const started = new Worker(new URL('./einvoice-thread-entry.mjs', import.meta.url));
  started.unref();
  started.on('message', (answer: Answer) => {
    const request = pending.get(answer.id);
    if (!request) return;
    pending.delete(answer.id);
    clearTimeout(request.timer);
    if ('einvoice' in answer) request.resolve(answer.einvoice);
    else if ('violations' in answer) request.reject(new EInvoiceError(request.file, answer.violations));
    else request.reject(new Error(`${request.file}: ${answer.failure}`));
  });
  started.on('error', (error) => endWorker(error));
  started.on('exit', (code) => {
    if (worker === started) endWorker(new Error(`the e-invoice reader stopped (exit code ${code})`));
  });
  worker = started;
  return started;
}

/** `readEInvoice`, in the worker thread for files of {@link OFF_THREAD_BYTES} and more. */
export async function readEInvoiceOffThread(
  bytes: Uint8Array,
  file: string,
  options: { timeLimitMs?: number; offThreadBytes?: number } = {},
): Promise<EInvoice> {
  if (bytes.length < (options.offThreadBytes ?? OFF_THREAD_BYTES)) return readEInvoice(bytes, file);
  const target = theWorker();
  const id = ++nextId;
  return new Promise<EInvoice>((resolve, reject) => {
    const timer = setTimeout(() => {
      const limit = options.timeLimitMs ?? TIME_LIMIT_MS;
      const limitText = limit >= 1000 ? `${Math.round(limit / 1000)} s` : `${limit} ms`;
      // The worker is busy with this file and cannot be interrupted otherwise: it ends, and with it
      // any file queued behind (the next request starts a new one).
      endWorker(
        new EInvoiceError(file, [
          { path: '(document)', message: `reading took longer than ${limitText}; not read`, rule: null },
        ]),
      );
    }, options.timeLimitMs ?? TIME_LIMIT_MS);
    timer.unref();
    pending.set(id, { file, resolve, reject, timer });
    target.ref(); // while a file is being read, the process waits for it
    target.postMessage({ id, bytes, file });
  }).finally(() => {
    if (pending.size === 0) worker?.unref();
  });
}
