// Config schema of the mqtt template. DECNET declares no INI keys for mqtt (inventory §1.3), so these
// are ours, named after mosquitto.conf: `allow_anonymous` (default true, an unsecured broker) and
// `users` ("name:password" pairs, a password_file: then only those logins are accepted); `version`
// overrides the persona's mosquitto release.
import { z } from 'zod';

const bool = z.preprocess((v) => (typeof v === 'string' ? v.trim().toLowerCase() : v), z.union([z.boolean(), z.enum(['true', 'false', '1', '0', 'yes', 'no', 'on', 'off'])]));
const asBool = (v: boolean | string | undefined): boolean | undefined => (v === undefined ? undefined : v === true || v === 'true' || v === '1' || v === 'yes' || v === 'on');

/** "alice:pw1, bob:pw2" -> [["alice","pw1"], ...]; a name without ':' is not a login. */
function parseUsers(v: string): Array<[string, string]> {
  return v
    .split(',')
    .map((x) => x.trim())
    .filter((x) => x.includes(':'))
    .slice(0, 64)
    .map((x) => [x.slice(0, x.indexOf(':')), x.slice(x.indexOf(':') + 1)]);
}

export const mqttConfigSchema = z
  .object({
    allow_anonymous: bool.optional().transform(asBool),
    users: z.string().max(4096).optional().transform((v) => (v === undefined ? undefined : parseUsers(v))),
    version: z.string().regex(/^\d\.\d{1,2}\.\d{1,2}$/).optional(),
  })
  .strip();

export type MqttConfig = z.infer<typeof mqttConfigSchema>;
