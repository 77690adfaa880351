/**
 * @module download
 * Files the API answers with (a pain.008 export, a Mahnbescheid PDF), fetched like every other call
 * (cookie, CSRF token on a POST, problem+json errors as ApiError) and handed to the browser as a
 * download. A plain link cannot do it: an export is a POST, and its answer's headers carry a summary.
 */
import { apiErrorOf, networkError } from './api-error.ts';
import { csrfHeaders, reportUnauthenticated } from './client.ts';

export interface FetchedFile {
  blob: Blob;
  fileName: string;
  headers: Headers;
}

/** The file name of a `content-disposition` header (`attachment; filename="x.xml"`), or the fallback. */
export function fileNameOf(contentDisposition: string | null, fallback: string): string {
  if (!contentDisposition) return fallback;
  const quoted = /filename="([^"]+)"/i.exec(contentDisposition);
  const bare = /filename=([^;\s]+)/i.exec(contentDisposition);
  const name = (quoted?.[1] ?? bare?.[1] ?? '').trim();
  // Only the last path segment: a name is never a place to write to.
  const base = name.split(/[\\/]/).pop() ?? '';
  return base === '' ? fallback : base;
}

/** GET or POST (with a JSON body) a file; a refusal arrives as the API's ApiError. */
export async function fetchFile(
  method: 'GET' | 'POST',
  path: string,
  options: { json?: unknown; fallbackName: string },
): Promise<FetchedFile> {
  const headers: Record<string, string> = { ...csrfHeaders(method) };
  if (options.json !== undefined) headers['content-type'] = 'application/json';
  let response: Response;
  try {
    response = await fetch(path, {
      method,
      headers,
      credentials: 'same-origin',
      ...(options.json !== undefined ? { body: JSON.stringify(options.json) } : {}),
    });
  } catch (cause) {
    throw networkError(cause);
  }
  if (!response.ok) {
    const error = apiErrorOf(response.status, response.statusText, await response.text());
    reportUnauthenticated(path, error);
    throw error;
  }
  return {
    blob: await response.blob(),
    fileName: fileNameOf(response.headers.get('content-disposition'), options.fallbackName),
    headers: response.headers,
  };
}

/** Hands a file to the browser's downloads. */
export function saveFile(blob: Blob, fileName: string): void {
  const url = URL.createObjectURL(blob);
  const link = document.createElement('a');
  link.href = url;
  link.download = fileName;
  link.style.display = 'none';
  document.body.append(link);
  link.click();
  link.remove();
  // The download has taken the bytes once the click is handled; a moment later the URL can go.
  setTimeout(() => URL.revokeObjectURL(url), 10_000);
}
