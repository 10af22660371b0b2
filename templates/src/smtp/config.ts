// Config schema of the smtp template: DECNET's `banner` and `mta` plus accounts that may AUTH
// (and then relay) and the message size limit advertised in EHLO SIZE.
import { z } from 'zod';

export const smtpConfigSchema = z
  .object({
    /** Text after "220 " (DECNET key); default from the persona. */
    banner: z.string().min(1).max(200).regex(/^[\x20-\x7e]+$/).optional(),
    mta: z.enum(['postfix', 'exim', 'sendmail']).optional(),
    /** "user:password,user2:password2": AUTH succeeds only for these (never for any password). */
    users: z.string().max(4096).optional(),
    /** persona: also the persona's non-root accounts with their SSH passwords (SASL via PAM/Dovecot, D5). */
    login: z.enum(['persona', 'configured']).default('persona'),
    /** AUTH only after STARTTLS (Postfix smtpd_tls_auth_only); auto: on the submission port 587. */
    auth_tls_only: z.enum(['auto', 'yes', 'no']).default('auto'),
    max_message_bytes: z.coerce.number().int().min(1024).max(100 * 1024 * 1024).default(10_240_000),
  })
  .strip();

export type SmtpConfig = z.infer<typeof smtpConfigSchema>;

export function parseUsers(spec: string | undefined): Map<string, string> {
  const out = new Map<string, string>();
  for (const pair of (spec ?? '').split(',')) {
    const i = pair.indexOf(':');
    if (i > 0) out.set(pair.slice(0, i).trim(), pair.slice(i + 1));
  }
  return out;
}
