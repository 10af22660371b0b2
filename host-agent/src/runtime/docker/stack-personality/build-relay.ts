// Compiles the NFQUEUE relay (data/decnet-nfq-relay.c) with the host's gcc into the agent's data
// directory, once per source version; the binary's name carries the source hash, so an upgrade rebuilds.
// @decnet-build keep-import-meta: `./data/decnet-nfq-relay.c` is beside this source, or beside the bundle (dist/data/).
import { execFile } from 'node:child_process';
import { createHash } from 'node:crypto';
import { existsSync } from 'node:fs';
import { mkdir, readFile, rename, rm, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { promisify } from 'node:util';

const run = promisify(execFile);
const SOURCE = new URL('./data/decnet-nfq-relay.c', import.meta.url);

let building: Promise<string> | undefined;

/** Path of a relay binary built from the current source under `dir` (built when missing). */
export function ensureRelayBinary(dir: string): Promise<string> {
  building ??= build(dir).finally(() => (building = undefined));
  return building;
}

async function build(dir: string): Promise<string> {
  const source = await readFile(SOURCE);
  const out = join(dir, `decnet-nfq-relay-${createHash('sha256').update(source).digest('hex').slice(0, 12)}`);
  if (existsSync(out)) return out;
  await mkdir(dir, { recursive: true });
  const tmp = `${out}.${process.pid}.tmp`;
  await writeFile(`${tmp}.c`, source);
  try {
    await run('gcc', ['-O2', '-Wall', '-o', tmp, `${tmp}.c`, '-lnetfilter_queue'], { timeout: 60_000 });
    await rename(tmp, out);
  } catch (e) {
    const err = e as { stderr?: string; message: string };
    throw new Error(`cannot build the NFQUEUE relay (needs gcc and libnetfilter-queue-dev): ${(err.stderr || err.message).trim().slice(0, 400)}`);
  } finally {
    await rm(tmp, { force: true });
    await rm(`${tmp}.c`, { force: true });
  }
  return out;
}
