import { describe, expect, it } from 'vitest';
import { TopicError } from './topic-error';
import { fromNatsSubject, matchTopic, pattern, Patterns, topicMatches } from './topic-patterns';
import {
  attackerObservation, canaryTopic, deckyLifecycle, deckyMutateRequest, deckyMutation, deckyServiceAdded,
  deckyServiceConfigChanged, deckyServiceRemoved, deckyState, deckyTraffic, orchestratorTopic, systemControl,
  systemHealth, topic, Topics, topologyMutation, topologyStatus, ttpRuleFired, ttpRuleReloaded, ttpRuleState,
} from './topics';

describe('topic builders', () => {
  it('turn every DECNET subject of inventory §3.2 into decnet/a/b/c', () => {
    const cases: Array<[string, string]> = [
      [topologyMutation('t1', 'enqueued'), 'topology.t1.mutation.enqueued'],
      [topologyStatus('t1'), 'topology.t1.status'],
      [deckyState('web-01'), 'decky.web-01.state'],
      [deckyTraffic('web-01'), 'decky.web-01.traffic'],
      [deckyMutateRequest('web-01'), 'decky.web-01.mutate_request'],
      [deckyMutation('web-01'), 'decky.web-01.mutation'],
      [deckyServiceAdded('web-01'), 'decky.web-01.service_added'],
      [deckyServiceRemoved('web-01'), 'decky.web-01.service_removed'],
      [deckyServiceConfigChanged('web-01'), 'decky.web-01.service_config_changed'],
      [deckyLifecycle('web-01'), 'decky.web-01.lifecycle'],
      [orchestratorTopic('email', 'd9'), 'orchestrator.email.d9'],
      [Topics.attackerObserved, 'attacker.observed'],
      [Topics.attackerScored, 'attacker.scored'],
      [Topics.attackerFingerprinted, 'attacker.fingerprinted'],
      [Topics.attackerFingerprintRotated, 'attacker.fingerprint_rotated'],
      [Topics.attackerSessionStarted, 'attacker.session.started'],
      [Topics.attackerSessionEnded, 'attacker.session.ended'],
      [Topics.attackerIntelEnriched, 'attacker.intel.enriched'],
      [attackerObservation('motor.input_modality'), 'attacker.observation.motor.input_modality'],
      [Topics.identityFormed, 'identity.formed'],
      [Topics.identityObservationLinked, 'identity.observation.linked'],
      [Topics.identityMerged, 'identity.merged'],
      [Topics.identityUnmerged, 'identity.unmerged'],
      [Topics.identityCampaignAssigned, 'identity.campaign.assigned'],
      [Topics.campaignFormed, 'campaign.formed'],
      [Topics.campaignIdentityAssigned, 'campaign.identity.assigned'],
      [Topics.campaignMerged, 'campaign.merged'],
      [Topics.campaignUnmerged, 'campaign.unmerged'],
      [Topics.credentialCaptured, 'credential.captured'],
      [Topics.credentialReuseDetected, 'credential.reuse.detected'],
      [Topics.attributionStateChanged, 'attribution.profile.state_changed'],
      [Topics.attributionMultiActorSuspected, 'attribution.profile.multi_actor_suspected'],
      [canaryTopic('tok1', 'triggered'), 'canary.tok1.triggered'],
      [Topics.emailReceived, 'email.received'],
      [Topics.smtpProbePending, 'smtp.probe.pending'],
      [Topics.ttpTagged, 'ttp.tagged'],
      [Topics.ttpRuleSuppressed, 'ttp.rule.suppressed'],
      [ttpRuleReloaded('R0001'), 'ttp.rule.reloaded.R0001'],
      [ttpRuleState('R0001'), 'ttp.rule.state.R0001'],
      [Topics.systemLog, 'system.log'],
      [Topics.systemBusHealth, 'system.bus.health'],
      [systemHealth('collector'), 'system.collector.health'],
      [systemControl('collector'), 'system.collector.control'],
      [Topics.systemWebhookSubscriptionsChanged, 'system.webhook.subscriptions_changed'],
      [Topics.eventsIngest, 'events.ingest'],
    ];
    for (const [mqtt, nats] of cases) {
      expect(mqtt).toBe(`decnet/${nats.replaceAll('.', '/')}`);
      expect(fromNatsSubject(nats)).toBe(mqtt);
    }
  });

  it('keep a dot inside a segment (technique ids) as an ordinary character', () => {
    expect(ttpRuleFired('T1059.001')).toBe('decnet/ttp/rule/fired/T1059.001');
  });

  it.each(['a/b', '+', '#', 'a+b', 'x#', 'has space', 'tab\t', 'nl\n', 'nul\u0000', 'nbsp\u00a0', 'ls\u2028', ''])(
    'reject the segment %j with a TopicError',
    (bad) => {
      expect(() => deckyState(bad)).toThrow(TopicError);
      expect(() => systemHealth(bad)).toThrow(TopicError);
    },
  );

  it('reports what was wrong', () => {
    try {
      deckyState('a/b');
      expect.unreachable();
    } catch (e) {
      expect(e).toBeInstanceOf(TopicError);
      expect((e as TopicError).code).toBe('invalid_segment');
      expect((e as TopicError).segment).toBe('a/b');
    }
    expect(() => topic('x'.repeat(257))).toThrow(/longer than/);
    expect(() => attackerObservation('a..b')).toThrow(TopicError);
  });
});

describe('subscription patterns', () => {
  it('build + and # patterns and refuse # before the end', () => {
    expect(Patterns.allDeckyStates).toBe('decnet/decky/+/state');
    expect(Patterns.allWorkerHealth).toBe('decnet/system/+/health');
    expect(Patterns.allIdentity).toBe('decnet/identity/#');
    expect(Patterns.everything).toBe('decnet/#');
    expect(Patterns.orchestratorForDecky('d1')).toBe('decnet/orchestrator/+/d1');
    expect(() => pattern('#', 'x')).toThrow(TopicError);
    expect(() => pattern('a/b')).toThrow(TopicError);
    expect(fromNatsSubject('decky.*.state')).toBe(Patterns.allDeckyStates);
    expect(fromNatsSubject('identity.>')).toBe(Patterns.allIdentity);
  });

  it('match topics with MQTT semantics and capture wildcards', () => {
    expect(matchTopic(Patterns.allDeckyStates, deckyState('web-01'))).toEqual(['web-01']);
    expect(matchTopic(Patterns.allTopologyMutationsEnqueued, topologyMutation('t9', 'enqueued'))).toEqual(['t9']);
    expect(topicMatches(Patterns.allTopologyMutationsEnqueued, topologyMutation('t9', 'applied'))).toBe(false);
    expect(matchTopic(Patterns.allAttacker, Topics.attackerSessionEnded)).toEqual(['session/ended']);
    expect(topicMatches(Patterns.allIdentity, 'decnet/identity')).toBe(true);
    expect(topicMatches(Patterns.allDeckyStates, 'decnet/decky/a/b/state')).toBe(false);
    expect(topicMatches(Patterns.allDeckyStates, 'decnet/decky/a')).toBe(false);
    expect(topicMatches(Patterns.everything, Topics.systemLog)).toBe(true);
    expect(topicMatches(deckyState('a'), deckyState('a'))).toBe(true);
  });
});
