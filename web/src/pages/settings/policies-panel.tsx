import { listItems } from '../../api/list-items.ts';
import type { Page, Policy } from '../../api/types.ts';
import { useApiQuery } from '../../api/use-api-query.ts';
import { type I18n, useI18n } from '../../i18n/i18n-context.tsx';
import { usePermissions } from '../../auth/session.ts';
import { QueryView } from '../../ui/query-view.tsx';
import { Section } from '../../ui/section.tsx';
import { useState } from 'react';
import { PolicyEditor } from './policy-editor.tsx';
import { PolicyStages } from './policy-stages.tsx';

/** `business` → "Firmenkunde"; a customer group stays as it is. */
function defaultForText(defaultFor: Policy['defaultFor'], tOr: I18n['tOr']): string | null {
  if (!defaultFor) return null;
  const list = Array.isArray(defaultFor) ? defaultFor : [defaultFor];
  return list.map((who) => tOr(`debtorKind.${who}`, who)).join(', ');
}

/** The dunning policies in force, read-only for now. */
export function PoliciesPanel() {
  const { t, tOr } = useI18n();
  const query = useApiQuery<Policy[] | Page<Policy>>('/api/policies');
  const { isAdmin } = usePermissions();
  const [editing, setEditing] = useState<string | null>(null);
  return (
    <div data-testid="policies">
      <p className="notice notice-info">{t('policies.readOnly')}</p>
      <QueryView query={query}>
        {(data) =>
          listItems(data).map((policy) => {
            const defaultFor = defaultForText(policy.defaultFor, tOr);
            return (
              <Section
                key={`${policy.key}@${policy.version}`}
                title={
                  <>
                    {policy.name ?? policy.document.name ?? policy.key}{' '}
                    <span className="muted title-suffix">
                      {t('policies.version', { version: policy.version })}
                    </span>
                  </>
                }
              >
                <p className="muted">
                  <code>{policy.key}</code>
                  {defaultFor ? ` · ${t('policies.defaultFor', { who: defaultFor })}` : ''}
                  {policy.document.approval
                    ? ` · ${t('policies.approval')}: ${
                        policy.document.approval === 'manual'
                          ? t('policies.approvalManual')
                          : t('policies.approvalAuto')
                      }`
                    : ''}
                </p>
                <PolicyStages stages={policy.stages ?? policy.document.stages ?? []} />
                {isAdmin &&
                  (editing === policy.key ? (
                    <PolicyEditor
                      policyKey={policy.key}
                      document={policy.document}
                      onSaved={() => undefined}
                    />
                  ) : (
                    <button type="button" className="button" onClick={() => setEditing(policy.key)}>
                      {t('policies.edit')}
                    </button>
                  ))}
                {policy.issues && policy.issues.length > 0 && (
                  <ul className="notice notice-warning">
                    {policy.issues.map((issue) => (
                      <li key={`${issue.path}:${issue.message}`}>
                        <code>{issue.path}</code>: {issue.message}
                      </li>
                    ))}
                  </ul>
                )}
              </Section>
            );
          })
        }
      </QueryView>
    </div>
  );
}
