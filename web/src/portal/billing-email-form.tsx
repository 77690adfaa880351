/**
 * @module billing-email-form
 * Changing the address invoices and reminders go to. The company is told of the change.
 */
import { type FormEvent, useRef, useState } from 'react';
import { Field } from '../ui/field.tsx';
import { FormProblem, SubmitButton } from './action-panel.tsx';
import { checkBillingEmail, type FieldErrors } from './form-checks.ts';
import { portalApi } from './portal-client.ts';
import { usePortalI18n } from './portal-i18n.tsx';
import { fieldMessage } from './portal-problems.ts';
import type { PortalOverview } from './portal-types.ts';
import { focusFirstInvalid, useAction } from './use-action.ts';

export function BillingEmailForm({
  overview,
  report,
}: {
  overview: PortalOverview;
  report: (text: string) => void;
}) {
  const { language, t } = usePortalI18n();
  const [email, setEmail] = useState('');
  const [errors, setErrors] = useState<FieldErrors>({});
  const form = useRef<HTMLFormElement>(null);
  const action = useAction(
    (address: string) => portalApi.updateBillingEmail(address),
    (result) => {
      setEmail('');
      report(t('actions.email.done', { email: result.email }));
    },
  );
  const at = (name: string) => errors[name] ?? fieldMessage(action.error, name, language);

  const submit = async (event: FormEvent) => {
    event.preventDefault();
    const checked = checkBillingEmail(email, language);
    setErrors(checked.errors);
    if (!checked.body) return focusFirstInvalid(form.current);
    if (!(await action.run(checked.body.email))) focusFirstInvalid(form.current);
  };

  return (
    <form ref={form} className="stack" onSubmit={submit} noValidate data-testid="email-form">
      <p>
        {overview.customer.email
          ? t('actions.email.current', { email: overview.customer.email })
          : t('actions.email.noCurrent')}
      </p>
      <Field label={t('field.email')} error={at('email')}>
        {(control) => (
          <input
            {...control}
            type="email"
            autoComplete="email"
            inputMode="email"
            value={email}
            onChange={(e) => setEmail(e.target.value)}
            data-testid="email-input"
          />
        )}
      </Field>
      <SubmitButton busy={action.busy} label={t('actions.email.submit')} testId="email-submit" />
      <FormProblem error={action.error} fields={['email']} />
    </form>
  );
}
