// Canary tokens (issue 13): kinds, generators, and the API shapes for tokens, placements and
// triggers. Every token has a trigger URL (`/c/<slug>`); DNS and credential values are optional.
import { z } from 'zod';

export const CANARY_KINDS = ['http', 'dns', 'credential'] as const;
export type CanaryKind = (typeof CANARY_KINDS)[number];

/** What the token is made into; the kind follows from it. */
export const CANARY_GENERATORS = {
  url: 'http',
  env: 'http',
  git_config: 'http',
  docx: 'http',
  pdf: 'http',
  html: 'http',
  svg: 'http',
  mysql_dump: 'credential',
  aws_credentials: 'credential',
  ssh_key: 'credential',
  credential: 'credential',
  dns: 'dns',
} as const satisfies Record<string, CanaryKind>;
export type CanaryGenerator = keyof typeof CANARY_GENERATORS;
export const CANARY_GENERATOR_NAMES = Object.keys(CANARY_GENERATORS) as CanaryGenerator[];

/** Generators whose output is text that can be planted in a decky's file system. */
export const PLANTABLE_GENERATORS: readonly CanaryGenerator[] = ['env', 'git_config', 'html', 'svg', 'mysql_dump', 'aws_credentials', 'ssh_key'];

/** Plausible places for each plantable generator in a Linux decky's file system; the first is the default. */
export const CANARY_PLANT_PATHS: Readonly<Partial<Record<CanaryGenerator, readonly string[]>>> = {
  env: ['/var/www/html/.env', '/srv/app/.env', '/opt/app/.env', '/home/deploy/app/.env', '/root/.env'],
  git_config: ['/root/deploy/.git/config', '/var/www/html/.git/config', '/srv/app/.git/config', '/home/git/repo/.git/config'],
  aws_credentials: ['/root/.aws/credentials', '/home/ubuntu/.aws/credentials', '/home/deploy/.aws/credentials', '/opt/backup/aws-credentials'],
  ssh_key: ['/root/.ssh/id_ed25519_backup', '/home/deploy/.ssh/id_ed25519', '/root/keys/bastion.pem', '/opt/ansible/keys/id_ed25519'],
  mysql_dump: ['/root/backup/db-backup.sql', '/var/backups/mysql/db-backup.sql', '/home/backup/dump.sql', '/tmp/export.sql'],
  html: ['/var/www/html/portal.html', '/var/www/html/admin/index.html', '/srv/intranet/login.html'],
  svg: ['/var/www/html/logo.svg', '/var/www/html/img/network-diagram.svg', '/srv/intranet/org-chart.svg'],
};

export const CANARY_SLUG_RE = /^[a-z0-9]{16,40}$/;
export const CANARY_TRIGGER_VIA = ['http', 'dns', 'credential', 'fingerprint'] as const;
export type CanaryTriggerVia = (typeof CANARY_TRIGGER_VIA)[number];

/** Absolute POSIX path inside a decky; doubles as a service-config key (see fleet/decky-spec CONFIG_KEY_RE). */
export const CanaryPathSchema = z.string().regex(/^\/[A-Za-z0-9_.:/-]{1,63}$/, 'absolute path: letters, digits, _ . : / -, at most 64 chars').refine((p) => !p.split('/').includes('..'), 'no .. segments');

export const CanaryCreateSchema = z
  .object({
    generator: z.enum(CANARY_GENERATOR_NAMES as [CanaryGenerator, ...CanaryGenerator[]]),
    memo: z.string().max(500).default(''),
    /** Public base URL the trigger links use (default: the origin of this request). */
    baseUrl: z.url({ protocol: /^https?$/ }).max(200).optional(),
    /** For `credential`: the username to plant (a random one otherwise). */
    principal: z.string().min(1).max(128).optional(),
  })
  .meta({ id: 'CanaryCreate' });
export type CanaryCreate = z.infer<typeof CanaryCreateSchema>;

export const CanaryPlacementSchema = z
  .object({ id: z.string(), tokenId: z.string(), decky: z.string(), path: z.string(), createdAt: z.string() })
  .meta({ id: 'CanaryPlacement' });
export type CanaryPlacement = z.infer<typeof CanaryPlacementSchema>;

export const CanaryPlantSchema = z.object({ decky: z.string().min(1).max(63), path: CanaryPathSchema.optional() }).meta({ id: 'CanaryPlant' });
export type CanaryPlant = z.infer<typeof CanaryPlantSchema>;

export const CanaryTokenSchema = z
  .object({
    id: z.string(),
    slug: z.string(),
    kind: z.enum(CANARY_KINDS),
    generator: z.enum(CANARY_GENERATOR_NAMES as [CanaryGenerator, ...CanaryGenerator[]]),
    memo: z.string(),
    url: z.string(),
    dnsName: z.string().nullable(),
    principal: z.string().nullable(),
    fileName: z.string(),
    createdAt: z.string(),
    revokedAt: z.string().nullable(),
    triggerCount: z.number().int(),
    lastTriggeredAt: z.string().nullable(),
    placements: z.array(CanaryPlacementSchema),
  })
  .meta({ id: 'CanaryToken' });
export type CanaryToken = z.infer<typeof CanaryTokenSchema>;

/** What each generator makes: its kind, whether it can be planted, and where (first = default path). */
export const CanaryGeneratorInfoListSchema = z
  .object({ items: z.array(z.object({ generator: z.enum(CANARY_GENERATOR_NAMES as [CanaryGenerator, ...CanaryGenerator[]]), kind: z.enum(CANARY_KINDS), plantable: z.boolean(), paths: z.array(z.string()) })) })
  .meta({ id: 'CanaryGeneratorInfoList' });
export type CanaryGeneratorInfoList = z.infer<typeof CanaryGeneratorInfoListSchema>;

export function canaryGeneratorInfo(): CanaryGeneratorInfoList {
  return { items: CANARY_GENERATOR_NAMES.map((g) => ({ generator: g, kind: CANARY_GENERATORS[g], plantable: PLANTABLE_GENERATORS.includes(g), paths: [...(CANARY_PLANT_PATHS[g] ?? [])] })) };
}

export const CanaryTokenListSchema = z.object({ items: z.array(CanaryTokenSchema) }).meta({ id: 'CanaryTokenList' });

export const CanaryTriggerSchema = z
  .object({
    id: z.string(),
    tokenId: z.string(),
    via: z.enum(CANARY_TRIGGER_VIA),
    at: z.string(),
    srcIp: z.string().nullable(),
    attackerId: z.string().nullable(),
    userAgent: z.string().nullable(),
    headers: z.record(z.string(), z.string()),
    dnsName: z.string().nullable(),
    decky: z.string().nullable(),
    service: z.string().nullable(),
    principal: z.string().nullable(),
    fingerprint: z.record(z.string(), z.unknown()).nullable(),
    fingerprintVerified: z.boolean().nullable(),
  })
  .meta({ id: 'CanaryTrigger' });
export type CanaryTrigger = z.infer<typeof CanaryTriggerSchema>;
export const CanaryTriggerListSchema = z.object({ items: z.array(CanaryTriggerSchema) }).meta({ id: 'CanaryTriggerList' });

/** What the fingerprint script posts to `/c/<slug>/fp`: the JSON it measured and HMAC-SHA256(nonce, json). */
export const FINGERPRINT_MAX_BYTES = 8192;
export const FingerprintReportSchema = z.object({ json: z.string().max(FINGERPRINT_MAX_BYTES), sig: z.string().regex(/^[0-9a-f]{64}$/) });
export const FingerprintSchema = z.object({
  userAgent: z.string().max(512).optional(),
  timeZone: z.string().max(128).optional(),
  languages: z.array(z.string().max(64)).max(32).optional(),
  webdriver: z.boolean().optional(),
  platform: z.string().max(128).optional(),
  screen: z.string().max(64).optional(),
  canvasHash: z.string().max(128).optional(),
  audioHash: z.string().max(128).optional(),
});
export type Fingerprint = z.infer<typeof FingerprintSchema>;
