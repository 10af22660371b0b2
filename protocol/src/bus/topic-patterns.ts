// Subscription patterns (`+` one level, `#` the rest, MQTT 3.1.1 §4.7.1), the standard ones
// the workers use, a matcher, and a converter from DECNET's NATS-style patterns.
import { TopicError } from './topic-error';
import { segment, TOPIC_ROOT } from './topics';

export const SINGLE_LEVEL = '+';
export const MULTI_LEVEL = '#';

/** `decnet/...` pattern; segments may be `+`, or `#` as the last one. */
export function pattern(...segments: string[]): string {
  segments.forEach((s, i) => {
    if (s === SINGLE_LEVEL) return;
    if (s === MULTI_LEVEL) {
      if (i !== segments.length - 1) throw new TopicError('invalid_pattern', s, '# must be the last level');
      return;
    }
    segment(s);
  });
  return [TOPIC_ROOT, ...segments].join('/');
}

export const Patterns = {
  everything: pattern(MULTI_LEVEL),
  allDeckyEvents: pattern('decky', MULTI_LEVEL),
  anyDecky: (event: string): string => pattern('decky', SINGLE_LEVEL, event),
  allDeckyStates: pattern('decky', SINGLE_LEVEL, 'state'),
  allDeckyTraffic: pattern('decky', SINGLE_LEVEL, 'traffic'),
  allMutateRequests: pattern('decky', SINGLE_LEVEL, 'mutate_request'),
  allTopologyMutationsEnqueued: pattern('topology', SINGLE_LEVEL, 'mutation', 'enqueued'),
  allTopology: pattern('topology', MULTI_LEVEL),
  allAttacker: pattern('attacker', MULTI_LEVEL),
  allIdentity: pattern('identity', MULTI_LEVEL),
  allCampaign: pattern('campaign', MULTI_LEVEL),
  allCanary: pattern('canary', MULTI_LEVEL),
  allCredential: pattern('credential', MULTI_LEVEL),
  allTtp: pattern('ttp', MULTI_LEVEL),
  allWorkerHealth: pattern('system', SINGLE_LEVEL, 'health'),
  allWorkerControl: pattern('system', SINGLE_LEVEL, 'control'),
  orchestratorForDecky: (deckyId: string): string => pattern('orchestrator', SINGLE_LEVEL, deckyId),
} as const;

/**
 * Match a concrete topic against a pattern; returns the values captured by each `+` and `#`
 * (the `#` capture joined with `/`), or null when it does not match.
 */
export function matchTopic(pat: string, topicName: string): string[] | null {
  const p = pat.split('/');
  const t = topicName.split('/');
  const captures: string[] = [];
  for (let i = 0; i < p.length; i++) {
    const ps = p[i];
    if (ps === MULTI_LEVEL) {
      // MQTT: `a/#` also matches `a` itself (§4.7.1.2).
      captures.push(t.slice(i).join('/'));
      return captures;
    }
    const ts = t[i];
    if (ts === undefined) return null;
    if (ps === SINGLE_LEVEL) captures.push(ts);
    else if (ps !== ts) return null;
  }
  return p.length === t.length ? captures : null;
}

export function topicMatches(pat: string, topicName: string): boolean {
  return matchTopic(pat, topicName) !== null;
}

/**
 * DECNET NATS subject or pattern (`decky.*.state`, `identity.>`) to the MQTT form. Note NATS
 * `>` needs at least one more level while MQTT `#` also matches the parent itself.
 */
export function fromNatsSubject(subject: string): string {
  const parts = subject.split('.').map((s) => (s === '*' ? SINGLE_LEVEL : s === '>' ? MULTI_LEVEL : s));
  return pattern(...parts);
}
