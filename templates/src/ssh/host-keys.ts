// Per-decky SSH host keys, like ssh-keygen -A at install: RSA-3072, ECDSA P-256 and Ed25519,
// generated once (off the event loop), kept in the decky's state directory and cached parsed in memory.
import { mkdir, readFile, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import type { ParsedKey } from 'ssh2';
import { loadSsh2, ssh2Lib } from './ssh2-lib';

export type HostKeyType = 'rsa' | 'ecdsa' | 'ed25519';
export const HOST_KEY_TYPES: readonly HostKeyType[] = ['rsa', 'ecdsa', 'ed25519'];

const cache = new Map<string, Promise<ParsedKey[]>>();

async function generate(type: HostKeyType): Promise<string> {
  const ssh2 = await loadSsh2();
  return new Promise((resolve, reject) => {
    const done = (err: Error | null, pair: { private: string }): void => (err ? reject(err) : resolve(pair.private));
    if (type === 'rsa') ssh2.utils.generateKeyPair('rsa', { bits: 3072 }, done);
    else if (type === 'ecdsa') ssh2.utils.generateKeyPair('ecdsa', { bits: 256 }, done);
    else ssh2.utils.generateKeyPair('ed25519', done);
  });
}

/**
 * A new key that ssh2 can parse back. Its keygen strips leading zero bytes from an Ed25519 public
 * key, so about 1 key in 256 comes out unparseable (mscdex/ssh2#1390, #1513): generate again.
 */
export async function generateParsed(type: HostKeyType): Promise<{ pem: string; key: ParsedKey }> {
  for (let attempt = 1; ; attempt++) {
    const pem = await generate(type);
    try {
      return { pem, key: parse(pem) };
    } catch (e) {
      if (attempt >= 8) throw e;
    }
  }
}

/** Parses a PEM key (callers have awaited loadSsh2()). */
function parse(pem: string): ParsedKey {
  const parsed = ssh2Lib().utils.parseKey(pem);
  if (parsed instanceof Error) throw parsed;
  return Array.isArray(parsed) ? (parsed[0] as ParsedKey) : parsed;
}

async function loadOrGenerate(stateDir: string | undefined): Promise<ParsedKey[]> {
  await loadSsh2();
  const dir = stateDir ? join(stateDir, 'ssh') : undefined;
  if (dir) await mkdir(dir, { recursive: true, mode: 0o700 });
  return Promise.all(
    HOST_KEY_TYPES.map(async (type) => {
      const file = dir ? join(dir, `ssh_host_${type}_key`) : undefined;
      if (file) {
        try {
          return parse(await readFile(file, 'utf8'));
        } catch {
          // Missing or unreadable: make a new one.
        }
      }
      const { pem, key } = await generateParsed(type);
      if (file) await writeFile(file, pem, { mode: 0o600 });
      return key;
    }),
  );
}

/** The decky's host keys (rsa, ecdsa, ed25519 order); one generation per key per process. */
export function hostKeysFor(decky: string, stateDir: string | undefined): Promise<ParsedKey[]> {
  const key = `${decky}\0${stateDir ?? ''}`;
  let hit = cache.get(key);
  if (!hit) {
    hit = loadOrGenerate(stateDir);
    cache.set(key, hit);
    hit.catch(() => cache.delete(key));
  }
  return hit;
}
