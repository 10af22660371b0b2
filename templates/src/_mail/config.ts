// Config keys imap and pop3 share: DECNET's `users` (IMAP_USERS pairs) and `email_seed`, plus the
// auth failure delay (Dovecot's auth_failure_delay, 2 s) and whether plaintext auth is allowed
// before TLS (Dovecot's disable_plaintext_auth; a honeypot allows it so credentials are caught).
import { z } from 'zod';

export const mailConfigSchema = z
  .object({
    users: z.string().max(4096).optional(),
    email_seed: z.string().max(200).optional(),
    banner: z.string().min(1).max(200).regex(/^[\x20-\x7e]+$/).optional(),
    auth_failure_delay_ms: z.coerce.number().int().min(0).max(15_000).default(2000),
    plaintext_auth: z
      .union([z.boolean(), z.enum(['true', 'false', 'yes', 'no', '1', '0'])])
      .transform((v) => v === true || v === 'true' || v === 'yes' || v === '1')
      .default(true),
  })
  .strip();

export type MailConfig = z.infer<typeof mailConfigSchema>;
