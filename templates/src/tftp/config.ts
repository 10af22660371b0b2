// Config of the tftp server: DECNET's tftp declares no INI keys; ours are whether WRQ is accepted
// (default no: tftpd-hpa without --create refuses it), the upload bound, and the largest blksize we
// acknowledge (RFC 2348 lets a server answer a smaller one; it bounds every DATA we send).
import { z } from 'zod';

const flag = z.union([z.boolean(), z.string().trim().toLowerCase()]).transform((v) => v === true || v === 'true' || v === '1' || v === 'yes' || v === 'on');

export const tftpConfigSchema = z
  .object({
    /** Accept uploads (WRQ): received bytes are hashed and counted, never stored. */
    allow_write: flag.default(false),
    /** Upload bytes accepted per transfer; past it ERROR 3 "Disk full or allocation exceeded". */
    max_upload_bytes: z.coerce.number().int().min(512).max(16 * 1024 * 1024).default(1024 * 1024),
    /** Largest blksize acknowledged in an OACK (tftpd-hpa's -B); bounds DATA replies. */
    max_blksize: z.coerce.number().int().min(512).max(1468).default(1468),
  })
  .strip();

export type TftpConfig = z.infer<typeof tftpConfigSchema>;
