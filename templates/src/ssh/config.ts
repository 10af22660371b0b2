// The SSH service's `[decky.ssh]` keys: DECNET's password/user/user_password/hostname (applied to
// the persona when it is derived) plus our auth_failure_delay_ms.
import { z } from 'zod';

const text = z.string().max(256);

export const sshConfigSchema = z.object({
  password: text.optional(),
  user: text.optional(),
  user_password: text.optional(),
  hostname: z.string().max(63).optional(),
  /** Delay before a failed password is answered (pam_unix's ~2 s); 0 in tests. */
  auth_failure_delay_ms: z.coerce.number().int().min(0).max(10_000).default(2000),
});

export type SshConfig = z.infer<typeof sshConfigSchema>;
