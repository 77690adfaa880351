import { type FormEvent, useState } from 'react';
import { useI18n } from '../i18n/i18n-context.tsx';
import { LanguageSwitch } from '../layout/language-switch.tsx';
import { ErrorNotice } from '../ui/error-notice.tsx';
import { Field } from '../ui/field.tsx';
import { useLogin } from './use-login.ts';

export function LoginPage() {
  const { t } = useI18n();
  const login = useLogin();
  const [email, setEmail] = useState('');
  const [password, setPassword] = useState('');
  const submit = (event: FormEvent) => {
    event.preventDefault();
    login.mutate({ email: email.trim(), password });
  };
  return (
    <main className="login-page">
      <div className="login-card">
        <div className="login-brand">
          <span className="brand-mark" aria-hidden="true">
            M
          </span>
          <div>
            <div className="brand-name">{t('app.name')}</div>
            <div className="brand-tagline">{t('app.tagline')}</div>
          </div>
        </div>
        <h1>{t('login.title')}</h1>
        <form onSubmit={submit} data-testid="login-form" aria-label={t('login.title')}>
          <Field label={t('login.email')}>
            {(control) => (
              <input
                {...control}
                name="email"
                type="email"
                autoComplete="username"
                value={email}
                onChange={(e) => setEmail(e.target.value)}
                required
                autoFocus
                data-testid="login-email"
              />
            )}
          </Field>
          <Field label={t('login.password')}>
            {(control) => (
              <input
                {...control}
                name="password"
                type="password"
                autoComplete="current-password"
                value={password}
                onChange={(e) => setPassword(e.target.value)}
                required
                data-testid="login-password"
              />
            )}
          </Field>
          {login.error ? <ErrorNotice error={login.error} /> : null}
          <button
            type="submit"
            className="button button-primary button-block"
            disabled={login.isPending}
            data-testid="login-submit"
          >
            {login.isPending ? t('login.busy') : t('login.submit')}
          </button>
        </form>
        <div className="login-footer">
          <LanguageSwitch />
        </div>
      </div>
    </main>
  );
}
