/**
 * @module poppler
 * Whether poppler-utils (pdftotext, pdftoppm) are installed. Tests that read PDFs as text skip
 * without them — except in CI (MAHNWERK_REQUIRE_SERVICES=1), where they must run and fail loudly.
 */
import { execFileSync } from 'node:child_process';

export function hasPoppler(): boolean {
  if (process.env.MAHNWERK_REQUIRE_SERVICES === '1') return true;
  try {
    execFileSync('pdftotext', ['-v'], { stdio: 'ignore' });
    return true;
  } catch {
    return false;
  }
}
