// MQTT framing and packet parsing under fast-check: Remaining Length round trips, reassembly however
// the stream is split (byte at a time included), random/truncated bodies failing only with MqttError,
// and topic filter matching against the spec's examples (§4.7).
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { MqttError, PacketReader, parseConnect, parsePublish, parseSubscribe, parseUnsubscribe, topicMatches, validFilter, type Packet } from './parser';
import { varint } from './responses';

const frame = (first: number, body: Uint8Array): Buffer => Buffer.concat([Buffer.from([first]), varint(body.length), body]);

describe('mqtt framing', () => {
  it('round-trips Remaining Length and reassembles packets split anywhere', () => {
    fc.assert(
      fc.property(fc.array(fc.tuple(fc.integer({ min: 1, max: 15 }), fc.uint8Array({ maxLength: 400 })), { minLength: 1, maxLength: 5 }), fc.array(fc.nat(), { maxLength: 10 }), fc.boolean(), (items, cuts, single) => {
        const stream = Buffer.concat(items.map(([t, b]) => frame(t << 4, b)));
        const r = new PacketReader(1 << 16);
        const got: Packet[] = [];
        const points = single ? [...stream.keys()] : [...new Set(cuts.map((c) => c % (stream.length + 1)))].sort((a, b) => a - b);
        let prev = 0;
        for (const c of [...points, stream.length]) {
          r.push(stream.subarray(prev, c));
          prev = c;
          for (let f = r.next(); f; f = r.next()) if (f.kind === 'packet') got.push(f.packet);
        }
        expect(got.map((p) => [p.type, [...p.body]])).toEqual(items.map(([t, b]) => [t, [...b]]));
      }),
      { numRuns: 200 },
    );
  });

  it('encodes the spec\'s Remaining Length boundaries (§2.2.3) and refuses a fifth byte or an oversized length', () => {
    expect([127, 128, 16_383, 16_384, 2_097_151, 268_435_455].map((n) => varint(n).length)).toEqual([1, 2, 2, 3, 3, 4]);
    const five = new PacketReader(1 << 30);
    five.push(Buffer.from([0x30, 0x80, 0x80, 0x80, 0x80, 0x01]));
    expect(five.next()).toEqual({ kind: 'malformed', reason: 'remaining length over 4 bytes' });
    const big = new PacketReader(1024);
    big.push(Buffer.from([0x30, 0x81, 0x08]));
    expect(big.next()).toEqual({ kind: 'oversized', bytes: 1025 });
  });

  it('parses CONNECT (3.1.1 and 5.0 with properties) with will and credentials', () => {
    const body = Buffer.concat([Buffer.from('\x00\x04MQTT\x05\xee\x00\x3c\x03\x21\x00\x0a\x00\x02id\x00\x00\x03w/t\x00\x02hi\x00\x01u\x00\x03p\x00w', 'latin1')]);
    expect(parseConnect(body)).toMatchObject({ protocolName: 'MQTT', level: 5, clientId: 'id', username: 'u', password: Buffer.from('p\0w'), will: { topic: 'w/t', qos: 1, retain: true }, cleanStart: true, keepAlive: 60 });
  });

  it('fails only with MqttError on random or truncated bodies', () => {
    const connect = Buffer.from('\x00\x04MQTT\x04\xc2\x00\x3c\x00\x02id\x00\x05admin\x00\x06secret', 'latin1');
    fc.assert(
      fc.property(fc.uint8Array({ maxLength: 300 }), fc.nat({ max: connect.length }), fc.integer({ min: 0, max: 15 }), fc.constantFrom(3, 4, 5), (junk, cut, flags, level) => {
        const bodies = [Buffer.from(junk), connect.subarray(0, cut)];
        for (const b of bodies) {
          for (const parse of [() => parseConnect(b), () => parsePublish(flags, b, level), () => parseSubscribe(flags, b, level, 32), () => parseUnsubscribe(flags, b, level, 32)]) {
            try {
              parse();
            } catch (e) {
              expect(e).toBeInstanceOf(MqttError);
            }
          }
        }
        // Every field is length-prefixed and the flags announce the password: any truncation is malformed.
        if (cut < connect.length) expect(() => parseConnect(connect.subarray(0, cut))).toThrow(MqttError);
      }),
      { numRuns: 500 },
    );
  });

  it('bounds the filters of one SUBSCRIBE', () => {
    const f = Buffer.concat(Array.from({ length: 40 }, () => Buffer.from('\x00\x01a\x00', 'latin1')));
    expect(() => parseSubscribe(2, Buffer.concat([Buffer.from([0, 1]), f]), 4, 32)).toThrow(/too many/);
  });
});

describe('topic filters (§4.7)', () => {
  it('matches the specification\'s examples', () => {
    expect(topicMatches('sport/tennis/player1/#', 'sport/tennis/player1')).toBe(true);
    expect(topicMatches('sport/tennis/player1/#', 'sport/tennis/player1/score/wimbledon')).toBe(true);
    expect(topicMatches('sport/#', 'sport')).toBe(true);
    expect(topicMatches('sport/tennis/+', 'sport/tennis/player1')).toBe(true);
    expect(topicMatches('sport/tennis/+', 'sport/tennis/player1/ranking')).toBe(false);
    expect(topicMatches('sport/+', 'sport')).toBe(false);
    expect(topicMatches('+/+', '/finance')).toBe(true);
    expect(topicMatches('#', '$SYS/broker/version')).toBe(false);
    expect(topicMatches('+/monitor/Clients', '$SYS/monitor/Clients')).toBe(false);
    expect(topicMatches('$SYS/#', '$SYS/broker/version')).toBe(true);
    expect(['#', '+', 'a/+/b', 'a/#', '$SYS/#'].every(validFilter)).toBe(true);
    expect(['a/#/b', 'a+', 'sport+', '#/a', ''].some(validFilter)).toBe(false);
  });

  it('a filter without wildcards matches exactly its own topic', () => {
    fc.assert(fc.property(fc.array(fc.stringMatching(/^[a-z0-9]{0,6}$/), { minLength: 1, maxLength: 5 }), fc.array(fc.stringMatching(/^[a-z0-9]{0,6}$/), { minLength: 1, maxLength: 5 }), (a, b) => {
      expect(topicMatches(a.join('/'), b.join('/'))).toBe(a.join('/') === b.join('/'));
      expect(topicMatches(`${a.join('/')}/#`, `${a.join('/')}/${b.join('/')}`)).toBe(true);
    }), { numRuns: 300 });
  });
});
