import { ApiError } from '../api/api-error.ts';
import { isShownAtFields } from '../api/field-error.ts';
import { ErrorNotice } from './error-notice.tsx';

/**
 * A form's error below its buttons: when the API's messages already stand at the form's fields
 * (named by `fields`), only its summary; otherwise the whole error.
 */
export function FormError({ error, fields }: { error: unknown; fields: readonly string[] }) {
  if (!error) return null;
  if (error instanceof ApiError && isShownAtFields(error, fields)) {
    return (
      <p className="notice notice-error" role="alert">
        {error.detail}
      </p>
    );
  }
  return <ErrorNotice error={error} />;
}
