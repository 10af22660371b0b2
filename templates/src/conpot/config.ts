// Config of the conpot template. DECNET's conpot declares no INI keys (inventory §1.3; it ran the
// upstream image with its `--template`); ours override the seeded PLC identity. `template` is kept
// as conpot's name for the same choice and means `profile`.
import { z } from 'zod';
import { PROFILE_IDS, type PlcProfileId } from './profiles';

const text = (max: number) => z.string().trim().min(1).max(max).regex(/^[\x20-\x7e]+$/, 'printable ASCII only');

export const conpotConfigSchema = z
  .object({
    /** The PLC family: s7-300, s7-1200, s7-1500 (S7comm on 102), m340, m580, ac500 (Modbus only). */
    profile: z.enum(PROFILE_IDS as [PlcProfileId, ...PlcProfileId[]]).optional(),
    /** conpot's name for the same choice (e.g. `template = s7-300`). */
    template: z.enum(PROFILE_IDS as [PlcProfileId, ...PlcProfileId[]]).optional(),
    /** AS / station name (SZL 0x001C index 1, Modbus UserApplicationName). */
    system_name: text(24).optional(),
    /** Plant identification (SZL 0x001C index 3). */
    plant: text(32).optional(),
    /** Module serial number (SZL 0x001C index 5). */
    serial: text(24).optional(),
    /** Firmware level, e.g. "V3.2.8" or "4.5.2". */
    firmware: z.string().trim().regex(/^[vVS]{0,2}\d{1,2}\.\d{1,2}(\.\d{1,2})?$/, 'like V3.2.8').optional(),
  })
  .strip();

export type ConpotConfig = z.infer<typeof conpotConfigSchema>;
