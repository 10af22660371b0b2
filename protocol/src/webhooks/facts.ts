// Facts the control plane publishes to webhooks (issue 13): the topic list, the `Fact` record that
// producers append to the outbox in their own transaction, and the subscription presets.
import { z } from 'zod';
import { pattern, MULTI_LEVEL, SINGLE_LEVEL } from '../bus/topic-patterns';
import { canaryTopic, deckyState, segment, topic, Topics } from '../bus/topics';

/** Every fact type, with the topic it is published on (MQTT form; the webhook body shows it dotted). */
export const FACT_TYPES = [
  'attacker.new',
  'attacker.login_succeeded',
  'credential.reuse_detected',
  'artifact.captured',
  'canary.triggered',
  'identity.formed',
  'identity.merged',
  'identity.unmerged',
  'decky.state_changed',
  'host.online',
  'host.offline',
  'worker.degraded',
  'webhook.test',
] as const;
export type FactType = (typeof FACT_TYPES)[number];

/** Topic builders for facts; ids are validated as topic segments. */
export const FactTopics = {
  attackerNew: topic('attacker', 'new'),
  attackerLogin: topic('attacker', 'login_succeeded'),
  credentialReuse: Topics.credentialReuseDetected,
  artifactCaptured: topic('attacker', 'file_captured'),
  canaryTriggered: (tokenId: string): string => canaryTopic(tokenId, 'triggered'),
  identityFormed: Topics.identityFormed,
  identityMerged: Topics.identityMerged,
  identityUnmerged: Topics.identityUnmerged,
  deckyState: (deckyId: string): string => deckyState(deckyId),
  hostStatus: (hostId: string): string => topic('system', 'host', segment(hostId), 'status'),
  workerHealth: (hostId: string, worker: string): string => topic('system', 'host', segment(hostId), 'worker', segment(worker), 'health'),
  webhookTest: topic('system', 'webhook', 'test'),
} as const;

/** One row per fact type for documentation and the dashboard: type, topic (pattern form), meaning. */
export const FACT_CATALOGUE: { type: FactType; topic: string; description: string }[] = [
  { type: 'attacker.new', topic: FactTopics.attackerNew, description: 'first event ever seen from an address' },
  { type: 'attacker.login_succeeded', topic: FactTopics.attackerLogin, description: 'an authentication on a decky reported success' },
  { type: 'credential.reuse_detected', topic: FactTopics.credentialReuse, description: 'one credential tried on a second target' },
  { type: 'artifact.captured', topic: FactTopics.artifactCaptured, description: 'a file was captured from an attacker' },
  { type: 'canary.triggered', topic: pattern('canary', SINGLE_LEVEL, 'triggered'), description: 'a canary token called home' },
  { type: 'identity.formed', topic: FactTopics.identityFormed, description: 'addresses were clustered into a new identity' },
  { type: 'identity.merged', topic: FactTopics.identityMerged, description: 'two identities were merged' },
  { type: 'identity.unmerged', topic: FactTopics.identityUnmerged, description: 'an analyst split an address out of an identity' },
  { type: 'decky.state_changed', topic: pattern('decky', SINGLE_LEVEL, 'state'), description: 'a decky changed state (running, failed, ...)' },
  { type: 'host.online', topic: pattern('system', 'host', SINGLE_LEVEL, 'status'), description: 'a sensor host started heartbeating again' },
  { type: 'host.offline', topic: pattern('system', 'host', SINGLE_LEVEL, 'status'), description: 'a sensor host missed its heartbeats' },
  { type: 'worker.degraded', topic: pattern('system', 'host', SINGLE_LEVEL, 'worker', SINGLE_LEVEL, 'health'), description: 'an agent worker reported degraded or failed health' },
  { type: 'webhook.test', topic: FactTopics.webhookTest, description: '"send test" from the API or the dashboard' },
];

/** Subscription presets (DECNET's simple mode) expanded to raw patterns. */
export const WEBHOOK_PRESETS = {
  attacker_activity: [
    pattern('attacker', MULTI_LEVEL),
    pattern('credential', MULTI_LEVEL),
    pattern('canary', MULTI_LEVEL),
    pattern('identity', MULTI_LEVEL),
  ],
  decky_status: [pattern('decky', SINGLE_LEVEL, 'state'), pattern('decky', SINGLE_LEVEL, 'traffic')],
  system: [pattern('system', MULTI_LEVEL)],
} as const;
export type WebhookPreset = keyof typeof WEBHOOK_PRESETS;
export const WEBHOOK_PRESET_NAMES = Object.keys(WEBHOOK_PRESETS) as WebhookPreset[];

export const FACT_ID_MAX_CHARS = 256;
export const FACT_PAYLOAD_MAX_BYTES = 16 * 1024;

/**
 * A fact: `id` is deterministic from what happened (e.g. `canary.triggered:<trigger id>`) so writing
 * it twice is a no-op; `ts` is epoch milliseconds; `payload` is bounded JSON (attacker data stays data).
 */
export const factSchema = z.object({
  id: z.string().min(1).max(FACT_ID_MAX_CHARS),
  topic: z.string().min(1).max(1024),
  type: z.enum(FACT_TYPES),
  ts: z.number().int().nonnegative(),
  payload: z.record(z.string(), z.unknown()),
});
export type Fact = z.infer<typeof factSchema>;

/** `decnet/attacker/new` -> `attacker.new` (DECNET's dotted subject, as receivers saw it there). */
export function dottedTopic(mqttTopic: string): string {
  return mqttTopic.replace(/^decnet\//, '').split('/').join('.');
}
