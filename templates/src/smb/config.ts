// Config schema of the smb template: `workgroup` (Samba personas; DECNET's INI key), `shares`
// (comma-separated bait share names replacing the persona's), `smb1` (answer SMB1 NT LM 0.12).
import { z } from 'zod';

const bool = z.union([z.boolean(), z.enum(['true', 'false', 'yes', 'no', '1', '0', 'on', 'off'])]).transform((v) => v === true || v === 'true' || v === 'yes' || v === '1' || v === 'on');

export const smbConfigSchema = z
  .object({
    workgroup: z.string().min(1).max(15).regex(/^[A-Za-z0-9 _.-]+$/).optional(),
    shares: z.string().max(512).regex(/^[A-Za-z0-9$ _.,-]*$/).optional(),
    smb1: bool.optional(),
  })
  .strip();

export type SmbConfig = z.infer<typeof smbConfigSchema>;
