// The telnet service's `[decky.telnet]` keys: DECNET's password/user/user_password/hostname (applied
// when the persona is derived) plus our auth_failure_delay_ms.
import { z } from 'zod';

const text = z.string().max(256);

export const telnetConfigSchema = z.object({
  password: text.optional(),
  user: text.optional(),
  user_password: text.optional(),
  hostname: z.string().max(63).optional(),
  /** login's pam_faildelay (3 s on Debian) before "Login incorrect"; 0 in tests. */
  auth_failure_delay_ms: z.coerce.number().int().min(0).max(10_000).default(3000),
});

export type TelnetConfig = z.infer<typeof telnetConfigSchema>;
