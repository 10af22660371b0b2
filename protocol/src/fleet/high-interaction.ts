// High-interaction mode (issue 18): a service served by the persona's real userland in the decky's
// container instead of the emulator, opt-in per decky with `[decky.ssh] mode = high-interaction`.
// The keys arrive as INI/form strings; this schema is the one place they are checked (docker runtime,
// local runtime's refusal, control plane, dashboard) and the container's init file shape. ssh and
// telnet both high-interaction share one container (one userland, one set of accounts).
import { z } from 'zod';
import { DECKY_NAME_RE, type DeckySpec } from './decky-spec';

export const HIGH_INTERACTION = 'high-interaction';
export const SERVICE_MODES = ['emulated', HIGH_INTERACTION] as const;
/** Services that have a real-userland image: OpenSSH, and inetutils telnetd with /bin/login (Debian 12's telnetd). */
export const HIGH_INTERACTION_SERVICES = ['ssh', 'telnet'] as const;
export type HighInteractionService = (typeof HIGH_INTERACTION_SERVICES)[number];

/** A login name useradd accepts on Debian (NAME_REGEX), bounded. */
export const UNIX_USER_RE = /^[a-z_][a-z0-9_-]{0,31}$/;
const unixUser = z.string().regex(UNIX_USER_RE, 'a Unix login name ([a-z_][a-z0-9_-]*, at most 32)');
const password = z.string().min(1).max(256).regex(/^[^\n\r:]*$/, 'no newline or colon (chpasswd line)');

export const HighInteractionConfigSchema = z.object({
  mode: z.literal(HIGH_INTERACTION),
  /** root's password (DECNET's default root/admin). */
  password: password.default('admin'),
  /** A non-root sudo user and its password. */
  user: unixUser.default('admin'),
  user_password: password.default('admin'),
  /** More accounts with unguessable passwords: OpenSSH hides the password tried for a user that does not exist. */
  decoy_users: z
    .string()
    .max(512)
    .default('test,user,oracle,postgres,git,deploy')
    .transform((s) => s.split(',').map((u) => u.trim()).filter(Boolean))
    .pipe(z.array(unixUser).max(32)),
  /** Reset the container to its image every N minutes (0: only on demand or when over the disk cap). */
  reset_interval_min: z.coerce.number().int().min(0).max(525_600).default(0),
  /** Only `blocked` exists: no new outbound connection leaves the decky's network namespace. */
  egress: z.enum(['blocked']).default('blocked'),
  memory_mb: z.coerce.number().int().min(64).max(8192).default(256),
  cpus: z.coerce.number().min(0.05).max(8).default(0.5),
  pids: z.coerce.number().int().min(32).max(4096).default(128),
  /** Cap on what the container writes to its root filesystem; over it the container is reset. */
  disk_mb: z.coerce.number().int().min(16).max(65_536).default(512),
});
export type HighInteractionConfig = z.infer<typeof HighInteractionConfigSchema>;

export interface HighInteractionPlan {
  /** The first high-interaction service: its section's keys configure the shared container. */
  service: HighInteractionService;
  /** Every high-interaction service of the decky, in the decky's order (served by the one container). */
  services: HighInteractionService[];
  config: HighInteractionConfig;
}

export const HIGH_INTERACTION_LOCAL_REFUSAL =
  'high-interaction mode needs the docker runtime (a real OpenSSH or telnetd in the decky container); the local runtime only runs emulators: remove `mode = high-interaction` or deploy on a docker host';

function zodMessage(e: z.ZodError): string {
  return e.issues.map((i) => `${i.path.join('.') || 'config'}: ${i.message}`).join('; ').slice(0, 512);
}

/**
 * The decky's high-interaction services: undefined when it has none, an Error when a `mode` key is
 * invalid or names a service without a real-userland image. With ssh and telnet both high-interaction,
 * the first section's keys (limits, accounts) configure the shared container; the other must parse too.
 */
export function highInteractionOf(spec: Pick<DeckySpec, 'services' | 'serviceConfig'>): HighInteractionPlan | Error | undefined {
  let found: HighInteractionPlan | undefined;
  for (const service of spec.services) {
    const raw = spec.serviceConfig[service];
    const mode = raw?.['mode'];
    if (mode === undefined || mode === 'emulated') continue;
    if (mode !== HIGH_INTERACTION) return new Error(`[${service}] mode: expected one of ${SERVICE_MODES.join(', ')}, got ${JSON.stringify(mode.slice(0, 40))}`);
    if (!(HIGH_INTERACTION_SERVICES as readonly string[]).includes(service)) return new Error(`[${service}] mode = high-interaction: only ${HIGH_INTERACTION_SERVICES.join(', ')} can run high-interaction`);
    const parsed = HighInteractionConfigSchema.safeParse(raw);
    if (!parsed.success) return new Error(`[${service}] ${zodMessage(parsed.error)}`);
    if (found) found.services.push(service as HighInteractionService);
    else found = { service: service as HighInteractionService, services: [service as HighInteractionService], config: parsed.data };
  }
  return found;
}

/** True when the decky asks for high-interaction mode (valid or not): what the dashboard marks. */
export function isHighInteraction(spec: Pick<DeckySpec, 'serviceConfig'>): boolean {
  return Object.values(spec.serviceConfig).some((c) => c['mode'] === HIGH_INTERACTION);
}

/** What the agent hands the container at start (a JSON file on its artifacts mount). */
export const HighInteractionInitSchema = z.object({
  decky: z.string().regex(DECKY_NAME_RE),
  services: z.array(z.enum(HIGH_INTERACTION_SERVICES)).min(1).max(HIGH_INTERACTION_SERVICES.length),
  rootPassword: password,
  user: unixUser,
  userPassword: password,
  decoyUsers: z.array(unixUser).max(32),
  maxFileBytes: z.number().int().min(1).max(64 * 1024 * 1024),
  quotaBytes: z.number().int().min(1).max(16 * 1024 * 1024 * 1024),
});
export type HighInteractionInit = z.infer<typeof HighInteractionInitSchema>;
