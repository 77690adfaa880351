/**
 * @module smtp-config
 * The SMTP server e-mails go through, from the environment:
 *
 *   MAHNWERK_SMTP_HOST      host name; without it nothing is sent and e-mails wait in the outbox
 *   MAHNWERK_SMTP_PORT      default 587 (465 with MAHNWERK_SMTP_SECURE=true)
 *   MAHNWERK_SMTP_SECURE    true: TLS from the start (port 465); otherwise STARTTLS when offered
 *   MAHNWERK_SMTP_USER, MAHNWERK_SMTP_PASSWORD   login, if the server wants one
 *   MAHNWERK_SMTP_FROM      sender, e.g. "Muster GmbH Buchhaltung <buchhaltung@muster.de>" (required with a host)
 *   MAHNWERK_REPLY_TO       where answers go (the credit controller); default: the sender
 *
 * @example
 * const smtp = smtpConfigFromEnv(process.env); // null: SMTP not configured
 */
export interface SmtpConfig {
  host: string;
  port: number;
  secure: boolean;
  user: string | null;
  password: string | null;
  from: string;
  replyTo: string | null;
}

export class SmtpConfigError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'SmtpConfigError';
  }
}

export function smtpConfigFromEnv(env: Record<string, string | undefined>): SmtpConfig | null {
  const host = env.MAHNWERK_SMTP_HOST?.trim();
  if (!host) return null;
  const secure = /^(1|true|yes)$/i.test(env.MAHNWERK_SMTP_SECURE ?? '');
  const portText = env.MAHNWERK_SMTP_PORT?.trim();
  const port = portText ? Number(portText) : secure ? 465 : 587;
  if (!Number.isInteger(port) || port < 1 || port > 65535) {
    throw new SmtpConfigError(
      `MAHNWERK_SMTP_PORT: expected a port number from 1 to 65535, got "${portText}"`,
    );
  }
  const from = env.MAHNWERK_SMTP_FROM?.trim();
  if (!from || !/@/.test(from)) {
    throw new SmtpConfigError(
      'MAHNWERK_SMTP_FROM: expected the sender address, e.g. "Muster GmbH <buchhaltung@muster.de>", when MAHNWERK_SMTP_HOST is set',
    );
  }
  return {
    host,
    port,
    secure,
    user: env.MAHNWERK_SMTP_USER?.trim() || null,
    password: env.MAHNWERK_SMTP_PASSWORD ?? null,
    from,
    replyTo: env.MAHNWERK_REPLY_TO?.trim() || null,
  };
}
