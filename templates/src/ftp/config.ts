// Config schema of the ftp template (DECNET declares no ftp keys; its FTP_BANNER and login-rate
// environment knobs become these).
import { z } from 'zod';

const bool = z.union([z.boolean(), z.enum(['true', 'false', '1', '0', 'yes', 'no'])]).transform((v) => v === true || v === 'true' || v === '1' || v === 'yes');

export const ftpConfigSchema = z
  .object({
    /** Greeting text after "220 "; default from the persona. */
    banner: z.string().min(1).max(200).regex(/^[\x20-\x7e]+$/).optional(),
    /** "user:password,...": accounts that can always log in. */
    users: z.string().max(4096).optional(),
    /** Accept "anonymous"/"ftp" with any password (chrooted to a read-only /srv/ftp tree). */
    anonymous: bool.default(false),
    /** persona: the persona's SSH/Telnet accounts (persona.logins) also work; configured: only `users`. */
    login: z.enum(['persona', 'configured']).default('persona'),
    /** Allow STOR/APPE/MKD/DELE/RNFR in a logged-in (non-anonymous) home; uploads are captured. */
    write_enable: bool.default(true),
    max_login_fails: z.coerce.number().int().min(1).max(20).default(3),
  })
  .strip();

export type FtpConfig = z.infer<typeof ftpConfigSchema>;
