// smtp_relay: open relay (any recipient, any AUTH) that stores every probe; with a smarthost and
// max_deliveries=N the runner delivers exactly the first N probes upstream (here a second smtp
// listener on loopback) and probe N+1 is stored but not delivered. swaks drives every probe.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { hasBinary, runCli, startSession } from '../_testing';
import { serveUnderRunner, type RunnerServed } from '../_testing/serve-under-runner';
import { smtpTemplate } from '../smtp/index';
import { relayOutbound } from './config';
import { smtpRelayTemplate } from './index';

const N = 2;

describe('smtp_relay session', () => {
  it('accepts relaying for any recipient and any AUTH, where smtp refuses', async () => {
    const { peer, ctx } = startSession(smtpRelayTemplate);
    peer.send('EHLO spam.test\r\nAUTH PLAIN AGFkbWluAGFkbWlu\r\nMAIL FROM:<probe@spam.test>\r\nRCPT TO:<check@relay-test.example>\r\nDATA\r\nSubject: relay probe\r\n\r\nhi\r\n.\r\n');
    await peer.until(/235 2\.7\.0 Authentication successful\r\n250 2\.1\.0 Ok\r\n250 2\.1\.5 Ok\r\n354 [^\r]*\r\n250 2\.0\.0 Ok: queued as \w+\r\n/);
    expect(ctx.eventsOf('rcpt_to')[0]?.fields).toMatchObject({ relay: true });
    expect(ctx.eventsOf('message_stored')[0]?.fields.subject).toBe('relay probe');
    expect(ctx.eventsOf('relay_delivery')).toEqual([]);
  });

  it('turns delivery on only with a smarthost and a budget (DECNET keys too)', () => {
    const parse = (c: Record<string, string>): ReturnType<typeof relayOutbound> => relayOutbound(smtpRelayTemplate.configSchema.parse(c));
    expect(parse({})).toBeUndefined();
    expect(parse({ smarthost: 'mx.example.net:2525' })).toBeUndefined();
    expect(parse({ smarthost: 'mx.example.net:2525', max_deliveries: '3' })).toEqual({ host: 'mx.example.net', port: 2525, maxDeliveries: 3 });
    expect(parse({ upstream_host: 'relay.isp.net', probe_limit: '1' })).toEqual({ host: 'relay.isp.net', port: 25, maxDeliveries: 1 });
    expect(() => smtpRelayTemplate.configSchema.parse({ smarthost: 'no port here' })).toThrow();
  });
});

describe.runIf(hasBinary('swaks'))('smtp_relay through a smarthost under the runner', () => {
  let upstream: RunnerServed;
  let relay: RunnerServed;
  beforeAll(async () => {
    upstream = await serveUnderRunner([{ service: 'smtp', template: smtpTemplate }]);
    relay = await serveUnderRunner([{ service: 'smtp_relay', template: smtpRelayTemplate, config: { smarthost: `127.0.0.1:${upstream.port(0)}`, max_deliveries: String(N) } }]);
  }, 30_000);
  afterAll(async () => {
    await relay.close();
    await upstream.close();
  });

  it(`swaks probes: the first ${N} arrive at the smarthost, probe ${N + 1} is stored but not delivered`, async () => {
    for (let i = 1; i <= N + 1; i++) {
      const r = await runCli('swaks', ['--server', '127.0.0.1', '--port', String(relay.port(0)), '--from', 'probe@spam.test', '--to', 'deploy@corp.local', '--header', `Subject: relay probe ${i}`]);
      if (i === 1) console.info(`swaks via relay: ${r.stdout.split('\n').filter((l) => /<- {2}(250 2\.0\.0|250 2\.1\.5)/.test(l)).join(' | ')}`);
      expect(r.stdout).toMatch(/<- {2}250 2\.0\.0 Ok: queued as/);
    }
    await relay.sink.waitFor(() => relay.events('relay_delivery').length === N + 1, 15_000);
    const outcomes = relay.events('relay_delivery').map((e) => [e.fields.delivered, e.fields.reason ?? '']);
    console.info(`relay_delivery: ${JSON.stringify(outcomes)}`);
    expect(outcomes.filter(([d]) => d === 'true')).toHaveLength(N);
    expect(outcomes.at(-1)).toEqual(['false', 'budget_exhausted']);
    expect(relay.events('message_stored', 'smtp_relay').map((e) => e.fields.subject)).toEqual(['relay probe 1', 'relay probe 2', 'relay probe 3']);
    const arrived = upstream.events('message_stored', 'smtp').map((e) => e.fields.subject);
    expect(arrived).toEqual(['relay probe 1', 'relay probe 2']);
    expect(relay.runner.unknownMsgids()).toEqual([]);
  }, 60_000);
});
