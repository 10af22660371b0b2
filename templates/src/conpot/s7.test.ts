// conpot's S7comm side under the real runner on a mapped port (ctx.servicePort picks S7): COTP
// connect, setup, SZL reads, read/write var with read-back, CPU control logged as warning, TSAPs of
// the wrong slot refused; nmap's s7-info reads module, serial, plant from the seeded persona.
import { createConnection, type Socket } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { hasBinary, runCli } from '../_testing';
import { conpotPersonaFor, exchange, startConpot } from './test-support';

const hex = (s: string): Buffer => Buffer.from(s.replace(/\s+/g, ''), 'hex');
const CR = (slotTsap: string): Buffer => hex(`0300001611e00000001400c1020100c202${slotTsap}c0010a`);
const SETUP = hex('0300001902f08032010000000000080000f0000001000101e0');
const szl = (id: number, index: number): Buffer =>
  Buffer.concat([hex('0300002102f080320700000000000800080001120411440100ff090004'), Buffer.from([id >> 8, id & 0xff, index >> 8, index & 0xff])]);
/** Read var, one item: DB1.DBW<start> count words (transport WORD). */
const readDb1 = (startByte: number, words: number): Buffer =>
  Buffer.concat([hex('0300001f02f080320100000001000e00000401120a1004'), Buffer.from([0, words, 0, 1, 0x84, 0, (startByte * 8) >> 8, (startByte * 8) & 0xff])]);
const writeDb1 = (startByte: number, value: number): Buffer =>
  Buffer.concat([hex('0300002502f080320100000002000e00060501120a1004'), Buffer.from([0, 1, 0, 1, 0x84, 0, (startByte * 8) >> 8, (startByte * 8) & 0xff]), Buffer.from([0, 4, 0, 16, value >> 8, value & 0xff])]);

/** A client that keeps one connection and reads one TPKT per request. */
class IsoClient {
  private buf = Buffer.alloc(0);
  private waiters: Array<() => void> = [];
  closed = false;
  private constructor(private readonly s: Socket) {
    s.on('data', (c: Buffer) => {
      this.buf = Buffer.concat([this.buf, c]);
      this.waiters.splice(0).forEach((w) => w());
    });
    s.on('close', () => {
      this.closed = true;
      this.waiters.splice(0).forEach((w) => w());
    });
  }
  static open(port: number): Promise<IsoClient> {
    return new Promise((resolve) => {
      const s = createConnection({ host: '127.0.0.1', port }, () => resolve(new IsoClient(s)));
    });
  }
  async request(b: Buffer): Promise<Buffer | undefined> {
    this.s.write(b);
    for (;;) {
      if (this.buf.length >= 4) {
        const len = this.buf.readUInt16BE(2);
        if (this.buf.length >= len) {
          const out = this.buf.subarray(0, len);
          this.buf = this.buf.subarray(len);
          return out;
        }
      }
      if (this.closed) return undefined;
      await new Promise<void>((r) => this.waiters.push(r));
    }
  }
  close(): void {
    this.s.destroy();
  }
}

describe('conpot S7comm under the runner', () => {
  const persona = conpotPersonaFor('plc-s7-1', { profile: 's7-300', plant: 'Pump Station Riverside' });
  const p = persona.services.conpot;
  let served: Awaited<ReturnType<typeof startConpot>>;
  beforeAll(async () => {
    served = await startConpot(persona);
  });
  afterAll(() => served.runner.close());

  it('connects, sets up, answers SZL 0x0011/0x001C from the persona, reads and writes DB1', async () => {
    const c = await IsoClient.open(served.port('conpot/102'));
    const cc = await c.request(CR('0102'));
    expect(cc?.[5]).toBe(0xd0);
    expect(cc?.subarray(6, 8).toString('hex')).toBe('0014');
    const setup = await c.request(SETUP);
    expect(setup?.subarray(7, 9).toString('hex')).toBe('3203');
    expect(setup?.readUInt16BE(setup.length - 2)).toBe(240);
    const ident = (await c.request(szl(0x11, 0)))!.toString('latin1');
    expect(ident).toContain(p.orderNumber);
    const comp = (await c.request(szl(0x1c, 0)))!.toString('latin1');
    for (const s of [p.systemName, p.serial, 'Pump Station Riverside', 'Original Siemens Equipment', p.module]) expect(comp).toContain(s);
    expect(comp).not.toMatch(/Technodrome|88111222|S7-200/);
    const missing = await c.request(szl(0x0132, 4));
    expect(missing?.subarray(27, 29).toString('hex')).toBe('d401');
    const read = await c.request(readDb1(0, 4));
    expect(read?.subarray(21, 25).toString('hex')).toBe('ff040040');
    const wrote = await c.request(writeDb1(80, 0xbeef));
    expect(wrote?.[wrote.length - 1]).toBe(0xff);
    const back = await c.request(readDb1(80, 1));
    expect(back?.subarray(25, 27).toString('hex')).toBe('beef');
    const noDb = await c.request(Buffer.concat([readDb1(0, 1).subarray(0, 25), Buffer.from([0x03, 0xe7]), readDb1(0, 1).subarray(27)]));
    expect(noDb?.[21]).toBe(0x0a);
    const stop = await c.request(hex('0300002102f0803201000000030010000029000000000009505f50524f4752414d'));
    expect(stop?.[8]).toBe(3);
    // snap7's SetSessionPassword("s3cret"): blank-padded to 8, b0,b1 ^ 0x55, bn ^ 0x55 ^ encoded b(n-2).
    const pw = Buffer.from('s3cret  ', 'latin1');
    for (let i = 0; i < 8; i++) pw[i] = (pw[i] ?? 0) ^ 0x55 ^ (i >= 2 ? (pw[i - 2] ?? 0) : 0);
    const setPw = Buffer.concat([hex('0300002502f080320700000004000800 0c 0001120411450100 ff09 0008'), pw]);
    const pwReply = await c.request(setPw);
    expect(pwReply?.subarray(27, 29).toString('hex')).toBe('d605');
    c.close();
    await served.sink.waitFor((r) => r.filter((e) => e.eventType === 'warning').length >= 2);
    const cred = served.sink.of('warning').find((e) => e.fields['function'] === 'set_password')?.fields;
    expect(cred).toMatchObject({ secret_kind: 'plaintext', secret_b64: Buffer.from('s3cret').toString('base64'), outcome: 'failure' });
    const w = served.sink.of('request').find((e) => e.fields['pdu_type'] === 'write_var');
    expect(w?.fields).toMatchObject({ protocol: 's7comm', intent: 'write', area: 'DB', db: '1', start: '80.0', values_hex: 'beef' });
    expect(served.sink.of('warning')[0]?.fields).toMatchObject({ function: 'plc_stop', intent: 'control' });
  });

  it('refuses a TSAP for another slot with a COTP DR and ends on junk', async () => {
    const dr = await exchange(served.port('conpot/102'), CR('0101'), (b) => b.length >= 11);
    expect(dr[5]).toBe(0x80);
    const rack1 = await exchange(served.port('conpot/102'), CR('0122'), (b) => b.length >= 11);
    expect(rack1[5]).toBe(0x80);
    const junk = await exchange(served.port('conpot/102'), Buffer.from('GET / HTTP/1.0\r\n\r\n'));
    expect(junk.length).toBe(0);
    expect(served.sink.of('protocol_error').some((e) => e.fields['error'] === 'not tpkt')).toBe(true);
  });

  // s7-info is a version script: `nmap -sV` runs it on port 102 by itself; on a mapped port `+` forces it.
  it.runIf(hasBinary('nmap'))('nmap -sV with s7-info names a Siemens S7 PLC and reads module, version, system name, serial and plant', async () => {
    const port = String(served.port('conpot/102'));
    const r = await runCli('nmap', ['-sV', '-Pn', '-n', '--script', '+s7-info', '-p', port, '127.0.0.1'], { timeoutMs: 90_000 });
    console.info(r.stdout);
    expect(r.stdout).toMatch(new RegExp(`${port}/tcp\\s+open\\s+iso-tsap\\s+Siemens S7 PLC`));
    expect(r.stdout).toContain(`Module: ${p.orderNumber}`);
    expect(r.stdout).toContain(`Version: ${p.firmware.join('.')}`);
    expect(r.stdout).toContain(`System Name: ${p.systemName}`);
    expect(r.stdout).toContain(`Serial Number: ${p.serial}`);
    expect(r.stdout).toContain('Plant Identification: Pump Station Riverside');
    expect(r.stdout).toContain('Copyright: Original Siemens Equipment');
  }, 100_000);
});
