// MQTT topic builders for the agent's local bus (DESIGN §2.2, inventory §3.2): DECNET's
// NATS subject `a.b.c` is `decnet/a/b/c` here. No hand-written topic strings elsewhere.
import { TopicError } from './topic-error';

export const TOPIC_ROOT = 'decnet';
export const SEGMENT_MAX_CHARS = 256;

// `/` splits levels, `+` and `#` are wildcards (MQTT 3.1.1 §4.7.1); NUL, whitespace and
// other control characters are refused too (§4.7.3 forbids U+0000, discourages controls).
const FORBIDDEN = /[/+#\s\x00-\x1f\x7f-\x9f\u2028\u2029]/;

/** Validate one dynamic segment (an id, a worker name ...) and return it. */
export function segment(value: string): string {
  if (typeof value !== 'string' || value.length === 0) {
    throw new TopicError('empty_segment', String(value), 'topic segment must not be empty');
  }
  if (value.length > SEGMENT_MAX_CHARS) {
    throw new TopicError('segment_too_long', value.slice(0, 64), `topic segment longer than ${SEGMENT_MAX_CHARS}`);
  }
  if (FORBIDDEN.test(value)) {
    throw new TopicError('invalid_segment', value, `topic segment ${JSON.stringify(value)} contains / + # NUL or whitespace`);
  }
  return value;
}

/** `decnet/<s1>/<s2>/...`, every segment validated. */
export function topic(...segments: string[]): string {
  return [TOPIC_ROOT, ...segments.map(segment)].join('/');
}

export const MUTATION_STATES = ['enqueued', 'applying', 'applied', 'failed'] as const;
export type MutationState = (typeof MUTATION_STATES)[number];

export const DECKY_EVENTS = [
  'state',
  'traffic',
  'mutate_request',
  'mutation',
  'service_added',
  'service_removed',
  'service_config_changed',
  'lifecycle',
] as const;
export type DeckyEvent = (typeof DECKY_EVENTS)[number];

export const ORCHESTRATOR_KINDS = ['traffic', 'file', 'email'] as const;
export type OrchestratorKind = (typeof ORCHESTRATOR_KINDS)[number];

export const CANARY_EVENTS = ['placed', 'triggered', 'revoked'] as const;
export type CanaryEvent = (typeof CANARY_EVENTS)[number];

/** Topics with no dynamic part: DECNET constant -> MQTT topic. */
export const Topics = {
  attackerObserved: topic('attacker', 'observed'),
  attackerScored: topic('attacker', 'scored'),
  attackerFingerprinted: topic('attacker', 'fingerprinted'),
  attackerFingerprintRotated: topic('attacker', 'fingerprint_rotated'),
  attackerSessionStarted: topic('attacker', 'session', 'started'),
  attackerSessionEnded: topic('attacker', 'session', 'ended'),
  attackerIntelEnriched: topic('attacker', 'intel', 'enriched'),
  identityFormed: topic('identity', 'formed'),
  identityObservationLinked: topic('identity', 'observation', 'linked'),
  identityMerged: topic('identity', 'merged'),
  identityUnmerged: topic('identity', 'unmerged'),
  identityCampaignAssigned: topic('identity', 'campaign', 'assigned'),
  campaignFormed: topic('campaign', 'formed'),
  campaignIdentityAssigned: topic('campaign', 'identity', 'assigned'),
  campaignMerged: topic('campaign', 'merged'),
  campaignUnmerged: topic('campaign', 'unmerged'),
  credentialCaptured: topic('credential', 'captured'),
  credentialReuseDetected: topic('credential', 'reuse', 'detected'),
  attributionStateChanged: topic('attribution', 'profile', 'state_changed'),
  attributionMultiActorSuspected: topic('attribution', 'profile', 'multi_actor_suspected'),
  emailReceived: topic('email', 'received'),
  smtpProbePending: topic('smtp', 'probe', 'pending'),
  ttpTagged: topic('ttp', 'tagged'),
  ttpRuleSuppressed: topic('ttp', 'rule', 'suppressed'),
  systemLog: topic('system', 'log'),
  systemBusHealth: topic('system', 'bus', 'health'),
  systemWebhookSubscriptionsChanged: topic('system', 'webhook', 'subscriptions_changed'),
  /** Ours: collector -> uplink, service events bound for the control plane. */
  eventsIngest: topic('events', 'ingest'),
} as const;

export const topologyMutation = (topologyId: string, state: MutationState): string =>
  topic('topology', topologyId, 'mutation', state);
export const topologyStatus = (topologyId: string): string => topic('topology', topologyId, 'status');

export const deckyTopic = (deckyId: string, event: DeckyEvent): string => topic('decky', deckyId, event);
export const deckyState = (deckyId: string): string => deckyTopic(deckyId, 'state');
export const deckyTraffic = (deckyId: string): string => deckyTopic(deckyId, 'traffic');
export const deckyMutateRequest = (deckyId: string): string => deckyTopic(deckyId, 'mutate_request');
export const deckyMutation = (deckyId: string): string => deckyTopic(deckyId, 'mutation');
export const deckyServiceAdded = (deckyId: string): string => deckyTopic(deckyId, 'service_added');
export const deckyServiceRemoved = (deckyId: string): string => deckyTopic(deckyId, 'service_removed');
export const deckyServiceConfigChanged = (deckyId: string): string => deckyTopic(deckyId, 'service_config_changed');
export const deckyLifecycle = (deckyId: string): string => deckyTopic(deckyId, 'lifecycle');

export const orchestratorTopic = (kind: OrchestratorKind, deckyId: string): string =>
  topic('orchestrator', kind, deckyId);

/** DECNET allows a dotted primitive (`motor.input_modality`); each dot becomes a level. */
export const attackerObservation = (primitive: string): string =>
  topic('attacker', 'observation', ...primitive.split('.'));

export const canaryTopic = (tokenId: string, event: CanaryEvent): string => topic('canary', tokenId, event);

/** `techniqueId` keeps its dot (`T1059.001`): in MQTT a dot is an ordinary character. */
export const ttpRuleFired = (techniqueId: string): string => topic('ttp', 'rule', 'fired', techniqueId);
export const ttpRuleReloaded = (ruleId: string): string => topic('ttp', 'rule', 'reloaded', ruleId);
export const ttpRuleState = (ruleId: string): string => topic('ttp', 'rule', 'state', ruleId);

export const systemHealth = (worker: string): string => topic('system', worker, 'health');
export const systemControl = (worker: string): string => topic('system', worker, 'control');
