// Versioned agent configuration (v1), one JSON file validated with zod. Every path the agent
// writes lives under `dataDir`; only the config file itself may live elsewhere (/etc/decnet).
import { RuntimeSchema } from '@decnet/protocol';
import { z } from 'zod';
import { ProberConfigSchema } from '../workers/prober/config';
import { LocalRuntimeConfigSchema } from '../runtime/local/local-config';

export const DEFAULT_CONFIG_PATH = '/etc/decnet/agent.json';
export const DEFAULT_DATA_DIR = '/var/lib/decnet';

const MiB = 1024 * 1024;

export const BusConfigSchema = z.object({
  /** UNIX socket of the local broker; default `<dataDir>/bus.sock`. */
  socketPath: z.string().min(1).max(107).optional(),
  /** Group that may use the socket (mode 0660); unset = the agent's own group. */
  socketGroup: z.string().min(1).max(64).optional(),
  tcpHost: z.enum(['127.0.0.1', '::1']).default('127.0.0.1'),
  /** Loopback TCP port; 0 picks a free one (tests). */
  tcpPort: z.number().int().min(0).max(65535).default(1883),
  maxClients: z.number().int().min(1).max(65_536).default(1024),
  /** Per-client publish budget; excess is slowed down (back-pressure), never dropped. 0 = off. */
  publishRatePerClient: z.number().int().min(0).default(100_000),
  /** Global in-flight deliveries in the broker (aedes `concurrency`). */
  concurrency: z.number().int().min(1).max(100_000).default(1000),
});

export const SpoolConfigSchema = z.object({
  /** Hard bound on spool bytes on disk; when full the oldest segment is dropped (and reported). */
  maxBytes: z.number().int().min(64 * 1024).default(512 * MiB),
  segmentBytes: z.number().int().min(16 * 1024).default(8 * MiB),
  /** `group`: an append resolves after fdatasync (group commit). `interval`: after write(), synced every fsyncIntervalMs. */
  fsync: z.enum(['group', 'interval']).default('group'),
  fsyncIntervalMs: z.number().int().min(1).max(60_000).default(200),
  batchMax: z.number().int().min(1).max(5000).default(5000),
  batchMaxBytes: z.number().int().min(16 * 1024).max(32 * MiB).default(8 * MiB),
  /** A partial batch is sent once its oldest event waited this long. */
  flushIntervalMs: z.number().int().min(1).max(60_000).default(250),
  /**
   * Batches in flight at once (acknowledged in order). 4 keeps a control plane of several workers
   * busy: each parses one batch while another holds the database's write lock.
   */
  inflight: z.number().int().min(1).max(8).default(4),
});

/** The docker runtime's network and image (required when `runtime` is `docker`). */
export const DockerConfigSchema = z.object({
  network: z.object({
    name: z.string().min(1).max(64).default('decnet_lan'),
    /** Host interface the macvlan children attach to (a NIC, or one end of a veth pair). */
    parent: z.string().min(1).max(15),
    subnet: z.string().min(9).max(18),
    gateway: z.string().max(15).optional(),
    ipRange: z.string().max(18).optional(),
  }),
  image: z.string().min(1).max(200).default('decnet/templates:dev'),
});

/** The sniffer worker: passive fingerprints (JA3/JA4, HASSH, p0f, JA4L) of traffic to the deckies. */
export const SnifferConfigSchema = z.object({
  enabled: z.boolean().default(true),
  /** Capture interfaces; default `lo` (local runtime) or the macvlan parent (docker). */
  interfaces: z.array(z.string().regex(/^[A-Za-z0-9_.:@-]{1,15}$/, 'interface name')).max(16).optional(),
  eventsPerSourcePerSecond: z.number().int().min(1).max(10_000).default(20),
  maxFlows: z.number().int().min(64).max(1_048_576).default(65_536),
});

/** The collector's RFC 5424 syslog receiver for other honeypots and sensors (off unless a port is set). */
export const SyslogConfigSchema = z.object({
  host: z.string().min(1).max(45).default('127.0.0.1'),
  udpPort: z.number().int().min(0).max(65535).optional(),
  tcpPort: z.number().int().min(0).max(65535).optional(),
  tlsPort: z.number().int().min(0).max(65535).optional(),
  /** PEM files for the TLS port. */
  tlsCertFile: z.string().min(1).optional(),
  tlsKeyFile: z.string().min(1).optional(),
});

export const AgentConfigSchema = z.object({
  version: z.literal(1),
  dataDir: z.string().min(1).default(DEFAULT_DATA_DIR),
  /** Set by enrollment. */
  hostId: z.string().min(1).max(128).optional(),
  hostname: z.string().min(1).max(253).optional(),
  controlPlane: z
    .object({
      /** Plain API URL (enrollment). */
      url: z.url({ protocol: /^https?$/ }),
      /** Mutual-TLS URL for every later call; set by enrollment. */
      mtlsUrl: z.url({ protocol: /^https$/ }).optional(),
    })
    .optional(),
  bus: BusConfigSchema.default(BusConfigSchema.parse({})),
  spool: SpoolConfigSchema.default(SpoolConfigSchema.parse({})),
  runtime: RuntimeSchema.default('local'),
  docker: DockerConfigSchema.optional(),
  /** The local runtime: `deckiesPerRunner` (runtime/local/local-config.ts). */
  local: LocalRuntimeConfigSchema.default(LocalRuntimeConfigSchema.parse({})),
  sniffer: SnifferConfigSchema.default(SnifferConfigSchema.parse({})),
  syslog: SyslogConfigSchema.optional(),
  /** Active probing of attacker addresses (workers/prober/README.md); off by default. */
  prober: ProberConfigSchema.default(ProberConfigSchema.parse({})),
  heartbeatIntervalMs: z.number().int().min(1000).default(30_000),
  healthIntervalMs: z.number().int().min(1000).default(30_000),
  statusIntervalMs: z.number().int().min(100).default(2000),
  desiredStateWaitS: z.number().int().min(0).max(60).default(25),
  /** Upper bound of the retry backoff (uplink, heartbeat, desired state). */
  backoffMaxMs: z.number().int().min(100).default(30_000),
  /** Slower retry when the control plane refuses our identity (401/403). */
  identityRetryMs: z.number().int().min(1000).default(60_000),
  /** Self-update: a new version must be healthy (workers up, a heartbeat through) within this, or it is rolled back. */
  updateHealthDeadlineMs: z.number().int().min(5000).max(3_600_000).default(60_000),
});

export type AgentConfig = z.infer<typeof AgentConfigSchema>;
export type AgentConfigInput = z.input<typeof AgentConfigSchema>;
export type SpoolConfig = z.infer<typeof SpoolConfigSchema>;
export type BusConfig = z.infer<typeof BusConfigSchema>;
