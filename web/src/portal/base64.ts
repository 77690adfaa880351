/**
 * @module base64
 * A file's bytes as base64, as the dispute API takes an attachment. Written out rather than
 * through `btoa`, which takes only strings of single bytes and would need a copy of a 5 MB file as
 * such a string first.
 */
const ALPHABET = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/';

export function base64OfBytes(bytes: Uint8Array): string {
  const parts: string[] = [];
  let line = '';
  for (let i = 0; i < bytes.length; i += 3) {
    const a = bytes[i] as number;
    const b = bytes[i + 1];
    const c = bytes[i + 2];
    const triple = (a << 16) | ((b ?? 0) << 8) | (c ?? 0);
    line +=
      ALPHABET[(triple >> 18) & 63]! +
      ALPHABET[(triple >> 12) & 63]! +
      (b === undefined ? '=' : ALPHABET[(triple >> 6) & 63]!) +
      (c === undefined ? '=' : ALPHABET[triple & 63]!);
    // Joining short pieces once keeps the work linear for large files.
    if (line.length >= 8192) {
      parts.push(line);
      line = '';
    }
  }
  parts.push(line);
  return parts.join('');
}
