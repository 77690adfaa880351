import { describe, expect, it } from 'vitest';
import { ApiError } from '../api/api-error.ts';
import {
  fieldMessage,
  isAboutField,
  localizeFieldMessage,
  problemText,
  sessionRefusal,
  tokenOfHash,
} from './portal-problems.ts';

const validation = (path: string, message: string) =>
  new ApiError(400, 'validation', `${path}: ${message}`, [{ path, message }]);

describe('the API’s messages in the customer’s words', () => {
  it('puts the date range of a refused day into the customer’s date format', () => {
    expect(localizeFieldMessage('between 2026-03-16 and 2026-04-15', 'de')).toBe(
      'Bitte wählen Sie einen Tag vom 16.03.2026 bis zum 15.04.2026.',
    );
    expect(localizeFieldMessage('between 2026-03-16 and 2026-04-15', 'en')).toBe(
      'Please choose a day from 16/03/2026 to 15/04/2026.',
    );
  });

  it('keeps a message it does not know, so nothing is hidden', () => {
    expect(localizeFieldMessage('Too small: expected number to be >=1', 'de')).toBe(
      'Bitte prüfen Sie diese Angabe (Too small: expected number to be >=1).',
    );
  });

  it('finds the message of a field, also of an entry of a list field', () => {
    const error = validation('invoiceIds.1', 'not open, disputed or in a plan already');
    expect(fieldMessage(error, 'invoiceIds', 'de')).toBe(
      'Diese Rechnung ist nicht mehr offen, hat einen Widerspruch oder ist schon in einer Ratenzahlung.',
    );
    expect(fieldMessage(error, 'invoice', 'de')).toBeUndefined();
    expect(fieldMessage(validation('file.contentBase64', 'not base64'), 'file', 'en')).toBe(
      'Please choose a PDF, PNG or JPEG file.',
    );
    expect(isAboutField('body.invoiceIds.1', ['invoiceIds', 'payBy'])).toBe(true);
    expect(isAboutField('amountCents', ['invoiceIds', 'payBy'])).toBe(false);
    expect(fieldMessage(new Error('x'), 'payBy', 'de')).toBeUndefined();
  });

  it('words conflicts, limits and failures for a customer and shows no internals', () => {
    const conflict = (detail: string) => new ApiError(409, 'conflict', detail);
    expect(problemText(conflict('you promised to pay RE-1, RE-2 already; that promise stands'), 'de')).toBe(
      'Für RE-1, RE-2 haben Sie bereits eine Zahlung zugesagt; diese Zusage gilt.',
    );
    expect(problemText(conflict('invoice RE-7 is disputed already; we are looking into it'), 'en')).toBe(
      'Invoice RE-7 is disputed already; we are reviewing it.',
    );
    expect(problemText(conflict('you reported invoice RE-3 paid on 2026-03-14; we are looking'), 'de')).toBe(
      'Sie haben Rechnung RE-3 bereits als bezahlt gemeldet; wir suchen die Zahlung.',
    );
    expect(problemText(new ApiError(500, 'internal', 'internal error, reference 1234'), 'de')).toBe(
      'Bei uns ist ein Fehler aufgetreten. Bitte versuchen Sie es später erneut oder wenden Sie sich an uns.',
    );
    expect(problemText(new ApiError(0, 'network', 'Failed to fetch'), 'en')).toMatch(/No connection/);
    expect(problemText(new ApiError(429, 'rate-limited', 'slow down'), 'de')).toMatch(/Zu viele Anfragen/);
    expect(problemText(validation('payBy', 'between 2026-03-16 and 2026-04-15'), 'de')).toBe(
      'Bitte prüfen Sie die markierten Angaben.',
    );
  });
});

describe('a refused link or code', () => {
  const refused = (status: number, path: string, message: string) =>
    new ApiError(status, status === 401 ? 'unauthenticated' : 'conflict', 'refused', [{ path, message }]);

  it('stops with the reason of a refused link', () => {
    expect(sessionRefusal(refused(401, 'token', 'expired'))).toEqual({ kind: 'stop', reason: 'expired' });
    expect(sessionRefusal(refused(401, 'token', 'revoked'))).toEqual({ kind: 'stop', reason: 'revoked' });
    expect(sessionRefusal(refused(401, 'token', 'unknown'))).toEqual({ kind: 'stop', reason: 'unknown' });
    expect(sessionRefusal(new ApiError(429, 'rate-limited', 'x'))).toEqual({
      kind: 'stop',
      reason: 'too-many',
    });
    expect(sessionRefusal(refused(409, 'code', 'no-email'))).toEqual({ kind: 'stop', reason: 'no-email' });
    expect(sessionRefusal(new ApiError(0, 'network', 'offline'))).toEqual({ kind: 'stop', reason: 'failed' });
  });

  it('keeps the code form for a wrong code and asks for a new one when the code is used up', () => {
    expect(sessionRefusal(refused(401, 'code', 'wrong'))).toEqual({
      kind: 'code',
      message: 'code.wrong',
      needsNewCode: false,
    });
    expect(sessionRefusal(refused(401, 'code', 'too-many-attempts'))).toMatchObject({ needsNewCode: true });
    expect(sessionRefusal(refused(401, 'code', 'expired'))).toMatchObject({ message: 'code.expired' });
    expect(sessionRefusal(validation('code', 'six digits'))).toMatchObject({ message: 'code.invalid' });
  });

  it('reads the token from the link’s fragment only when it looks like one', () => {
    const token = 'q8Xz_3-kLmN0pQrStUvWxYz0123456789abcdefghij';
    expect(tokenOfHash(`#${token}`)).toBe(token);
    expect(tokenOfHash('')).toBeNull();
    expect(tokenOfHash('#')).toBeNull();
    expect(tokenOfHash('#top')).toBeNull();
    expect(tokenOfHash('#<script>alert(1)</script>')).toBeNull();
  });
});
