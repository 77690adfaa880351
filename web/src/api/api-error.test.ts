import { describe, expect, it } from 'vitest';
import { apiErrorOf } from './api-error.ts';

describe('apiErrorOf', () => {
  it('reads code, detail and field errors of a problem document', () => {
    const error = apiErrorOf(
      400,
      'Bad Request',
      JSON.stringify({
        type: 'about:blank',
        title: 'Invalid request',
        status: 400,
        code: 'validation',
        detail: 'email: invalid',
        errors: [{ path: 'email', message: 'invalid' }],
      }),
    );
    expect(error.status).toBe(400);
    expect(error.code).toBe('validation');
    expect(error.detail).toBe('email: invalid');
    expect(error.message).toBe('email: invalid');
    expect(error.messageFor('email')).toBe('invalid');
    expect(error.messageFor('name')).toBeUndefined();
  });

  it('keeps a message when the body is not a problem document', () => {
    const error = apiErrorOf(502, 'Bad Gateway', '<html>proxy down</html>');
    expect(error.code).toBe('http-502');
    expect(error.detail).toBe('<html>proxy down</html>');
    expect(apiErrorOf(500, 'Internal Server Error', '').detail).toBe('Internal Server Error');
  });
});
