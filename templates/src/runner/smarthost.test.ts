// The runner's smarthost capability: the budget holds under concurrent sessions, failures refund
// it (refused connection, upstream rejection, a silent upstream hitting the time limit), and
// delivered messages really arrive at the upstream smtp template.
import { createServer, type Server } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { serveUnderRunner, type RunnerServed } from '../_testing/serve-under-runner';
import { smtpTemplate } from '../smtp/index';
import { Smarthost } from './smarthost';

const msg = (subject: string): { from: string; to: string[]; data: Buffer; heloName: string } => ({
  from: 'probe@spam.test', to: ['root@corp.local'], heloName: 'mx.corp.local',
  data: Buffer.from(`Subject: ${subject}\r\n\r\n.leading dot\r\nbody\r\n`),
});

describe('smarthost', () => {
  let upstream: RunnerServed;
  let silent: Server;
  let silentPort = 0;
  beforeAll(async () => {
    upstream = await serveUnderRunner([{ service: 'smtp', template: smtpTemplate }]);
    silent = createServer(() => undefined);
    await new Promise<void>((r) => silent.listen(0, '127.0.0.1', () => r()));
    const a = silent.address();
    silentPort = typeof a === 'object' && a ? a.port : 0;
  }, 30_000);
  afterAll(async () => {
    await upstream.close();
    await new Promise((r) => silent.close(r));
  });

  it('delivers at most the budget even when sessions race, and the message arrives dot-stuffed intact', async () => {
    const host = new Smarthost({ host: '127.0.0.1', port: upstream.port(0), maxDeliveries: 1 });
    const results = await Promise.all([host.deliver(msg('race 1')), host.deliver(msg('race 2')), host.deliver(msg('race 3'))]);
    expect(results.filter((r) => r.delivered)).toHaveLength(1);
    expect(results.filter((r) => r.reason === 'budget_exhausted')).toHaveLength(2);
    expect(results.find((r) => r.delivered)?.reply).toMatch(/^250 2\.0\.0 Ok: queued as/);
    await upstream.sink.waitFor(() => upstream.events('message_stored').length === 1);
    expect(upstream.events('message_stored').map((e) => e.fields.subject)).toHaveLength(1);
  });

  it('refunds the budget when the upstream refuses, rejects or stays silent past the time limit', async () => {
    const refused = new Smarthost({ host: '127.0.0.1', port: 1, maxDeliveries: 2 });
    const r1 = await refused.deliver(msg('x'));
    expect(r1).toMatchObject({ delivered: false, remaining: 2 });
    expect(r1.reason).toMatch(/ECONNREFUSED/);
    const rejecting = new Smarthost({ host: '127.0.0.1', port: upstream.port(0), maxDeliveries: 1 });
    const r2 = await rejecting.deliver({ ...msg('relay'), to: ['victim@gmail.com'] });
    expect(r2).toMatchObject({ delivered: false, remaining: 1 });
    expect(r2.reason).toContain('upstream_rejected: 554 5.7.1 <victim@gmail.com>: Relay access denied');
    const quiet = new Smarthost({ host: '127.0.0.1', port: silentPort, maxDeliveries: 1 }, 300);
    expect(await quiet.deliver(msg('y'))).toMatchObject({ delivered: false, reason: 'timeout', remaining: 1 });
    const many = await new Smarthost({ host: '127.0.0.1', port: upstream.port(0), maxDeliveries: 5 }).deliver({ ...msg('z'), to: Array.from({ length: 11 }, (_, i) => `u${i}@x.test`) });
    expect(many).toMatchObject({ delivered: false, reason: 'too_many_recipients', remaining: 5 });
  });
});
