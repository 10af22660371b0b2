// Differential test of the answer parser and the hash against the reference's own functions
// (read_packet, jarm_hash from jarm.py, loaded without running its CLI): real ServerHellos from
// openssl s_server cut at every length, with bytes flipped, and random bytes must read the same.
import { execFileSync } from 'node:child_process';
import { readFileSync, rmSync } from 'node:fs';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { buildClientHello, JARM_PROBES } from './jarm-hello';
import { JARM_READ_BYTES, jarmHash, readServerHello } from './jarm';
import { firstReply } from './tcp';
import { JARM_REFERENCE, makeCert, startOpensslServer } from './test-servers';

/** Runs the reference's read_packet on each hex input and jarm_hash on each raw string. */
function reference(hexInputs: string[], raws: string[]): { reads: string[]; hashes: string[] } {
  const src = readFileSync(JARM_REFERENCE, 'utf8');
  const defs = src.slice(src.indexOf('#Randomly choose a grease value'), src.indexOf('def ParseNumber'));
  const script = `import codecs, hashlib, json, sys\n${defs}\nd = json.load(sys.stdin)\n`
    + 'def h(r):\n    try:\n        return jarm_hash(r)\n    except Exception:\n        return "CRASH"\n'
    + 'print(json.dumps({"reads": [read_packet(bytearray.fromhex(x), None) for x in d["hex"]], "hashes": [h(r) for r in d["raws"]]}))\n';
  return JSON.parse(execFileSync('python3', ['-c', script], { input: JSON.stringify({ hex: hexInputs, raws }), encoding: 'utf8', maxBuffer: 64 << 20 })) as { reads: string[]; hashes: string[] };
}

describe('JARM parser and hash, differential against jarm.py', () => {
  it('reads real, truncated, mutated and random answers exactly as the reference does', async () => {
    const cert = makeCert();
    const answers: Uint8Array[] = [];
    for (const extra of [['-alpn', 'h2'], ['-no_tls1_3']]) {
      const server = await startOpensslServer(cert, extra);
      try {
        for (const probe of JARM_PROBES) {
          const r = await firstReply({ host: '127.0.0.1', port: server.port, send: buildClientHello('127.0.0.1', probe), maxBytes: JARM_READ_BYTES, timeoutMs: 5000 });
          if (r instanceof Uint8Array && r.length > 0) answers.push(r);
        }
      } finally {
        server.stop();
      }
    }
    rmSync(cert.dir, { recursive: true, force: true });
    expect(answers.length).toBeGreaterThan(4);
    const inputs: Uint8Array[] = [];
    for (const a of answers.slice(0, 6)) for (let n = 0; n <= Math.min(a.length, 140); n++) inputs.push(a.subarray(0, n));
    const rng = fc.sample(fc.tuple(fc.nat(answers.length - 1), fc.array(fc.tuple(fc.nat(200), fc.nat(255)), { minLength: 1, maxLength: 4 })), { numRuns: 400, seed: 12 });
    for (const [i, flips] of rng) {
      const b = Uint8Array.from(answers[i]!);
      for (const [at, v] of flips) if (at < b.length) b[at] = v;
      inputs.push(b);
    }
    // The reference's fixed-offset checks, hit on purpose: record lengths around counter+42, a
    // Certificate (11) where the extensions length is read, and its two magic byte runs.
    for (const a of answers) {
      const counter = a[43] ?? 0;
      const put = (at: number, bytes: number[]): void => {
        const b = Uint8Array.from(a);
        bytes.forEach((x, k) => at + k < b.length && (b[at + k] = x));
        inputs.push(b);
      };
      for (let len = counter + 40; len <= counter + 44; len++) put(3, [len >> 8, len & 0xff]);
      put(counter + 47, [11]);
      put(counter + 50, [0x0e, 0xac, 0x0b]);
      put(82, [0x0f, 0xf0, 0x0b]);
    }
    for (const b of fc.sample(fc.uint8Array({ minLength: 0, maxLength: 120 }), { numRuns: 200, seed: 7 })) inputs.push(Uint8Array.of(22, 3, 3, ...b.subarray(0, 2), 2, ...b));
    const raws = fc.sample(fc.array(fc.nat(inputs.length - 1), { minLength: 10, maxLength: 10 }), { numRuns: 100, seed: 3 });
    const ours = inputs.map((b) => readServerHello(b));
    const rawStrings = [...raws.map((idx) => idx.map((k) => ours[k]!).join(',')), Array(10).fill('|||').join(',')];
    const ref = reference(inputs.map((b) => Buffer.from(b).toString('hex')), rawStrings);
    expect(ours).toEqual(ref.reads);
    // The reference crashes on a version it cannot map (4th hex digit not 0-5, or a cut version);
    // ours gives such an answer the version letter '0'. Everything else must match.
    const comparable = rawStrings.map((r, i) => [jarmHash(r), ref.hashes[i]!]).filter(([, theirs]) => theirs !== 'CRASH');
    expect(comparable.length).toBeGreaterThan(20);
    for (const [o, theirs] of comparable) expect(o).toBe(theirs);
    expect(new Set(ours).size).toBeGreaterThan(10);
  }, 120_000);
});
