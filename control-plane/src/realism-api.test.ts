// Realism self-test over the API (issue 17): an admin asks for a decky's self-test, the agent uploads
// its report over mutual TLS, and the report (with the contradiction) is read back through the API.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startHarness, type Harness } from './testing/agent-harness';

let h: Harness;
beforeAll(async () => {
  h = await startHarness();
});
afterAll(() => h?.close());

describe('realism reports API', () => {
  it('request -> agent upload -> report with the broken layer', async () => {
    const e = await h.enroll('realism-host');
    const d = h.mtls(e.certificatePem, e.keyPem);
    expect((await h.api('/api/v1/deckies', { name: 'rl-web', archetype: 'web-server' })).status).toBe(201);
    const asked = await h.api('/api/v1/deckies/rl-web/selftest', {}, 'POST');
    expect(asked.status).toBe(202);
    const requestId = asked.body.requestId as string;
    expect((await h.api('/api/v1/deckies/rl-web/realism')).body).toEqual({ report: null, pendingRequestId: requestId });
    // The request rides in the host's desired state (no inbound port to the agent).
    expect((await h.agentCall(d, '/agent/v1/desired-state')).body.selftest).toEqual({ requestId, deckies: ['rl-web'] });
    const report = {
      decky: 'rl-web', requestId, ranAt: new Date().toISOString(), durationMs: 1200, persona: 'linux/debian web-server', nmap: { available: true, osScan: false },
      attackerView: [{ service: 'http', port: 80, text: 'Microsoft-IIS/10.0' }],
      checks: [{ id: 'persona-consistency', status: 'fail', summary: 'a layer contradicts the persona', evidence: [{ layer: 'http http (80/tcp)', seen: 'Microsoft-IIS/10.0', expected: 'a linux http Server (shows windows)' }] }],
    };
    expect((await h.agentCall(d, '/agent/v1/realism-reports', { reports: [{ ...report, checks: [{ id: 'bogus' }] }] })).status).toBe(422);
    const up = await h.agentCall(d, '/agent/v1/realism-reports', { reports: [report] });
    expect(up).toMatchObject({ status: 200, body: { stored: 1 } });
    const got = await h.api('/api/v1/deckies/rl-web/realism');
    expect(got.body.pendingRequestId).toBeNull();
    expect((await h.agentCall(d, '/agent/v1/desired-state')).body).not.toHaveProperty('selftest');
    expect(got.body.report.checks[0]).toMatchObject({ id: 'persona-consistency', status: 'fail', evidence: [{ seen: 'Microsoft-IIS/10.0' }] });
  });
});
