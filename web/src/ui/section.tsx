import { type ReactNode, useId } from 'react';

/** A titled card; the heading labels the region for screen readers. */
export function Section({
  title,
  actions,
  className,
  testId,
  children,
}: {
  title: ReactNode;
  actions?: ReactNode;
  className?: string;
  testId?: string;
  children: ReactNode;
}) {
  const id = useId();
  return (
    <section className={`card${className ? ` ${className}` : ''}`} aria-labelledby={id} data-testid={testId}>
      <div className="card-header">
        <h2 id={id}>{title}</h2>
        {actions && <div className="card-actions">{actions}</div>}
      </div>
      {children}
    </section>
  );
}
