// mqtt template: CONNECT policy and return codes per protocol level, wildcard subscriptions answered
// with the persona's retained topics ($SYS only for $SYS filters), PUBLISH QoS flows, bounds, and real
// mosquitto_sub / mosquitto_pub (3.1, 3.1.1, 5.0) and nmap -sV with its mqtt-subscribe script.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { hasBinary, nmapServiceLine, runCli, serveTemplate, startSession, type Served } from '../_testing';
import { mqttTemplate, type MqttConfig } from './index';
import { PacketReader, type Packet } from './parser';
import { varint } from './responses';

const str = (s: string): Buffer => Buffer.concat([Buffer.from([s.length >> 8, s.length & 0xff]), Buffer.from(s)]);
const pk = (first: number, body: Buffer): Buffer => Buffer.concat([Buffer.from([first]), varint(body.length), body]);

function connect(o: { level?: number; name?: string; id?: string; user?: string; pass?: string; clean?: boolean } = {}): Buffer {
  const level = o.level ?? 4;
  const flags = (o.user !== undefined ? 0x80 : 0) | (o.pass !== undefined ? 0x40 : 0) | (o.clean === false ? 0 : 2);
  const parts = [str(o.name ?? (level === 3 ? 'MQIsdp' : 'MQTT')), Buffer.from([level, flags, 0, 60]), level === 5 ? Buffer.from([0]) : Buffer.alloc(0), str(o.id ?? 'c1')];
  if (o.user !== undefined) parts.push(str(o.user));
  if (o.pass !== undefined) parts.push(str(o.pass));
  return pk(0x10, Buffer.concat(parts));
}
const subscribe = (id: number, filters: string[], level = 4): Buffer =>
  pk(0x82, Buffer.concat([Buffer.from([id >> 8, id & 0xff]), level === 5 ? Buffer.from([0]) : Buffer.alloc(0), ...filters.map((f) => Buffer.concat([str(f), Buffer.from([1])]))]));

function packets(bytes: Buffer): Packet[] {
  const r = new PacketReader(1 << 20);
  r.push(bytes);
  const out: Packet[] = [];
  for (let f = r.next(); f?.kind === 'packet'; f = r.next()) out.push(f.packet);
  return out;
}
const topicOf = (p: Packet): string => p.body.subarray(2, 2 + p.body.readUInt16BE(0)).toString();

describe('mqtt session', () => {
  it('accepts anonymous and credentialed CONNECTs, capturing the password', async () => {
    const { peer, ctx } = startSession(mqttTemplate);
    peer.send(connect({ user: 'admin', pass: 'hunter2' }));
    await peer.until((t) => t.length >= 4);
    expect([...peer.bytes]).toEqual([0x20, 2, 0, 0]);
    expect(ctx.eventsOf('auth')[0]?.fields).toMatchObject({ principal: 'admin', secret_kind: 'plaintext', secret_printable: 'hunter2', outcome: 'success', protocol_level: 4, client_id: 'c1' });
  });

  it('answers wildcard subscriptions with SUBACK and the matching retained topics ($SYS only to $SYS filters)', async () => {
    const { peer, ctx } = startSession(mqttTemplate);
    const p = ctx.persona.services.mqtt;
    peer.send(connect());
    peer.send(subscribe(7, ['#']));
    await peer.until((t) => packets(Buffer.from(t, 'latin1')).length > 3);
    await new Promise((r) => setTimeout(r, 30));
    const all = packets(peer.bytes);
    expect(all[1]).toMatchObject({ type: 9 });
    expect([...all[1]!.body]).toEqual([0, 7, 1]);
    const topics = all.filter((x) => x.type === 3).map(topicOf);
    expect(topics.length).toBeGreaterThan(3);
    expect(topics.some((t) => t.startsWith('$'))).toBe(false);
    expect(all.filter((x) => x.type === 3).every((x) => (x.flags & 1) === 1)).toBe(true);
    peer.clear();
    peer.send(subscribe(8, ['$SYS/broker/+', '+/+/LWT']));
    await peer.until(`mosquitto version ${p.brokerVersion}`);
    expect(ctx.eventsOf('subscribe').map((e) => e.fields.topics)).toEqual(['#', '$SYS/broker/+,+/+/LWT']);
  });

  it('refuses bad credentials with CONNACK 5 (v3) / 0x87 (v5) when a password file is configured', async () => {
    const v3 = startSession(mqttTemplate, { config: { users: 'sensor:s3cret', allow_anonymous: 'false' } });
    v3.peer.send(connect({ user: 'sensor', pass: 'guess' }));
    await v3.peer.untilClosed();
    expect([...v3.peer.bytes]).toEqual([0x20, 2, 0, 5]);
    expect(v3.ctx.eventsOf('auth')[0]?.fields).toMatchObject({ principal: 'sensor', secret_printable: 'guess', outcome: 'failure' });
    const v5 = startSession(mqttTemplate, { config: { users: 'sensor:s3cret', allow_anonymous: 'false' } });
    v5.peer.send(connect({ level: 5 }));
    await v5.peer.untilClosed();
    expect([...v5.peer.bytes]).toEqual([0x20, 3, 0, 0x87, 0]);
    const ok = startSession(mqttTemplate, { config: { users: 'sensor:s3cret' } });
    ok.peer.send(connect({ user: 'sensor', pass: 's3cret', level: 5 }));
    await ok.peer.until((t) => t.length >= 5);
    expect(ok.peer.bytes.subarray(0, 4)).toEqual(Buffer.from([0x20, 6, 0, 0]));
  });

  it('follows mosquitto on protocol levels and client ids', async () => {
    const bad = startSession(mqttTemplate);
    bad.peer.send(connect({ level: 6 }));
    await bad.peer.untilClosed();
    expect([...bad.peer.bytes]).toEqual([0x20, 2, 0, 1]);
    const v31 = startSession(mqttTemplate);
    v31.peer.send(connect({ level: 3, id: '' }));
    await v31.peer.untilClosed();
    expect([...v31.peer.bytes]).toEqual([0x20, 2, 0, 2]);
    const first = startSession(mqttTemplate);
    first.peer.send(Buffer.from([0xc0, 0]));
    await first.peer.untilClosed();
    expect(first.peer.bytes).toHaveLength(0);
    expect(first.ctx.eventsOf('protocol_error')[0]?.fields.error).toBe('PINGREQ before CONNECT');
  });

  it('logs PUBLISH with a bounded preview and hash and runs the QoS 1/2 handshakes; PINGREQ gets PINGRESP', async () => {
    const { peer, ctx } = startSession(mqttTemplate);
    peer.send(connect());
    peer.send(pk(0x32, Buffer.concat([str('cmd/reboot'), Buffer.from([0, 5]), Buffer.alloc(2000, 0x41)])));
    peer.send(pk(0x34, Buffer.concat([str('cmd/x'), Buffer.from([0, 6]), Buffer.from('{"a":1}')])));
    peer.send(Buffer.from([0x62, 2, 0, 6, 0xc0, 0]));
    await peer.until((t) => packets(Buffer.from(t, 'latin1')).length >= 5);
    expect(packets(peer.bytes).map((x) => [x.type, [...x.body]])).toEqual([[2, [0, 0]], [4, [0, 5]], [5, [0, 6]], [7, [0, 6]], [13, []]]);
    const pub = ctx.eventsOf('publish')[0]?.fields;
    expect(pub).toMatchObject({ topic: 'cmd/reboot', qos: 1, payload_size: 2000, payload_truncated: true });
    expect(String(pub?.payload)).toHaveLength(256);
  });

  it('ends the session on a 5-byte remaining length, an oversized packet or an invalid filter; bounds subscriptions', async () => {
    const long = startSession(mqttTemplate);
    long.peer.send(Buffer.from([0x10, 0xff, 0xff, 0xff, 0xff, 0x01]));
    await long.peer.untilClosed();
    expect(long.ctx.eventsOf('protocol_error')).toHaveLength(1);
    const big = startSession(mqttTemplate);
    big.peer.send(Buffer.from([0x10, 0xff, 0xff, 0xff, 0x7f]));
    await big.peer.untilClosed();
    expect(big.ctx.eventsOf('oversized_input')).toHaveLength(1);
    const bad = startSession(mqttTemplate);
    bad.peer.send(connect());
    bad.peer.send(subscribe(1, ['a/#/b']));
    await bad.peer.untilClosed();
    expect(bad.ctx.eventsOf('protocol_error')[0]?.fields.error).toBe('invalid subscription string');
    const many = startSession(mqttTemplate);
    many.peer.send(connect());
    for (let i = 0; i < 3; i++) many.peer.send(subscribe(i + 1, Array.from({ length: 30 }, (_, j) => `x/${i}/${j}`)));
    await many.peer.until((t) => packets(Buffer.from(t, 'latin1')).filter((x) => x.type === 9).length === 3);
    const last = packets(many.peer.bytes).filter((x) => x.type === 9)[2]!;
    expect([...last.body.subarray(2)].filter((c) => c === 0x80)).toHaveLength(26);
  });
});

describe.runIf(hasBinary('mosquitto_sub') && hasBinary('mosquitto_pub'))('mqtt with mosquitto clients', () => {
  let served: Served<MqttConfig>;
  beforeAll(async () => {
    served = await serveTemplate(mqttTemplate, { config: { users: 'plant:Pl@nt2024' } });
  });
  afterAll(() => served.close());
  const base = (): string[] => ['-h', '127.0.0.1', '-p', String(served.port)];

  it('mosquitto_sub -t "#" -t "$SYS/#" receives the persona topics and the broker version', async () => {
    const r = await runCli('mosquitto_sub', [...base(), '-v', '-t', '#', '-t', '$SYS/#', '-C', '12', '-W', '10', '-u', 'plant', '-P', 'Pl@nt2024']);
    const p = served.contexts.at(-1)!.persona.services.mqtt;
    expect(r.stdout).toContain(`$SYS/broker/version mosquitto version ${p.brokerVersion}`);
    expect(r.stdout.split('\n').filter((l) => !l.startsWith('$SYS') && l.includes(' ')).length).toBeGreaterThan(2);
    expect(served.events().find((e) => e.msgid === 'auth')?.fields).toMatchObject({ principal: 'plant', secret_kind: 'plaintext', secret_printable: 'Pl@nt2024', outcome: 'success' });
    expect(served.events().find((e) => e.msgid === 'subscribe')?.fields.topics).toBe('#,$SYS/#');
  });

  it('a wrong password is refused as "not authorised" and still captured', async () => {
    const r = await runCli('mosquitto_sub', [...base(), '-t', '#', '-C', '1', '-W', '5', '-u', 'plant', '-P', 'plant']);
    expect(r.code).not.toBe(0);
    expect(r.stderr).toMatch(/not authori[sz]ed/i);
    expect(served.events().filter((e) => e.msgid === 'auth').at(-1)?.fields).toMatchObject({ principal: 'plant', secret_printable: 'plant', outcome: 'failure' });
  });

  it.each([['mqttv31', 1], ['mqttv311', 2], ['mqttv5', 2]])('mosquitto_pub -V %s -q %i is logged and acknowledged', async (v, qos) => {
    const r = await runCli('mosquitto_pub', [...base(), '-V', v, '-q', String(qos), '-t', `cmd/${v}`, '-m', 'reboot now', '-u', 'plant', '-P', 'Pl@nt2024']);
    expect(r.code).toBe(0);
    expect(served.events().find((e) => e.msgid === 'publish' && e.fields.topic === `cmd/${v}`)?.fields).toMatchObject({ qos, payload: 'reboot now', payload_size: 10 });
  });
});

describe.runIf(hasBinary('nmap'))('mqtt under nmap -sV', () => {
  it('identifies MQTT and, through mqtt-subscribe, the persona\'s mosquitto version', async () => {
    const served = await serveTemplate(mqttTemplate);
    try {
      const line = await nmapServiceLine(served.port, { asPorts: ['mqtt'], extra: ['--script-args', 'mqtt-subscribe.listen-time=2s'] });
      console.info(`nmap: ${line}`);
      expect(line).toContain(`mosquitto version ${served.contexts[0]!.persona.services.mqtt.brokerVersion}`);
      expect(served.events().some((e) => e.msgid === 'subscribe' && String(e.fields.topics).includes('$SYS/#'))).toBe(true);
    } finally {
      await served.close();
    }
  }, 90_000);
});
