// Config of the snmp agent: DECNET's snmp declares no INI keys; ours are the read-only communities
// (comma separated, default net-snmp's `public`), the cap on GetBulk max-repetitions, and the system
// strings (sys_descr, sys_contact, sys_location), which the persona part reads from the INI.
import { z } from 'zod';

export const snmpConfigSchema = z
  .object({
    /** Read-only communities; any other community gets no answer, as net-snmp does. */
    community: z
      .string()
      .max(512)
      .default('public')
      .transform((s) => s.split(',').map((c) => c.trim()).filter((c) => c.length > 0 && c.length <= 64)),
    /** GetBulk max-repetitions are cut to this (the reply size bound applies on top). */
    max_repetitions: z.coerce.number().int().min(1).max(100).default(25),
    sys_descr: z.string().max(255).optional(),
    sys_contact: z.string().max(255).optional(),
    sys_location: z.string().max(255).optional(),
  })
  .strip();

export type SnmpConfig = z.infer<typeof snmpConfigSchema>;
