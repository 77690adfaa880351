/**
 * @module upload
 * Uploads a file as the raw request body with XMLHttpRequest, which (unlike fetch) reports the
 * upload's progress; errors and the 401 hook as for every other API call.
 */
import { apiErrorOf, networkError } from './api-error.ts';
import { csrfHeaders, reportUnauthenticated } from './client.ts';

export interface UploadOptions {
  headers?: Record<string, string>;
  /** 0–1 while the bytes go out; the server's work after that has no progress. */
  onProgress?: (fraction: number) => void;
}

export function uploadFile<T>(path: string, file: Blob, options: UploadOptions = {}): Promise<T> {
  return new Promise<T>((resolve, reject) => {
    const xhr = new XMLHttpRequest();
    xhr.open('POST', path);
    const headers = {
      accept: 'application/json',
      'content-type': 'application/octet-stream',
      ...csrfHeaders('POST'),
      ...options.headers,
    };
    for (const [name, value] of Object.entries(headers)) xhr.setRequestHeader(name, value);
    xhr.upload.onprogress = (event) => {
      if (event.lengthComputable) options.onProgress?.(event.loaded / event.total);
    };
    xhr.onerror = () => reject(networkError(new Error('upload failed: no answer from the server')));
    xhr.onload = () => {
      if (xhr.status >= 200 && xhr.status < 300) {
        resolve((xhr.responseText ? JSON.parse(xhr.responseText) : undefined) as T);
        return;
      }
      const error = apiErrorOf(xhr.status, xhr.statusText, xhr.responseText);
      reportUnauthenticated(path, error);
      reject(error);
    };
    xhr.send(file);
  });
}
