// Unpacks a verified bundle next to the running version (releases/versions/<version>-<sha>/) and
// checks it is the agent it claims to be: package.json `decnet-agent-bundle` at that version, with
// the launcher and the compiled agent. Staged in a temporary directory and renamed into place.
import { execFile } from 'node:child_process';
import { existsSync, mkdirSync, readFileSync, renameSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { LAUNCHER_REL } from './layout';
import { ReleaseRefused } from './verify';

const run = promisify(execFile);

export async function unpackBundle(file: string, dest: string, version: string): Promise<void> {
  if (existsSync(join(dest, LAUNCHER_REL))) return; // unpacked before (e.g. the version rolled back to)
  const stage = `${dest}.stage`;
  rmSync(stage, { recursive: true, force: true });
  mkdirSync(stage, { recursive: true, mode: 0o750 });
  try {
    // Signed by our CA, so trusted; still no owners from the archive, and nothing outside `stage`.
    await run('tar', ['-xzf', file, '-C', stage, '--no-same-owner', '--no-same-permissions'], { timeout: 120_000 });
    let pj: { name?: unknown; version?: unknown } = {};
    try {
      pj = JSON.parse(readFileSync(join(stage, 'package.json'), 'utf8')) as typeof pj;
    } catch {
      throw new ReleaseRefused('the bundle has no readable package.json');
    }
    if (pj.name !== 'decnet-agent-bundle') throw new ReleaseRefused('the bundle is not an agent bundle (package.json name)');
    if (pj.version !== version) throw new ReleaseRefused(`the bundle says it is version ${String(pj.version).slice(0, 64)}, the release ${version}`);
    for (const f of [LAUNCHER_REL, 'dist/decnet-agent.mjs']) if (!existsSync(join(stage, f))) throw new ReleaseRefused(`the bundle is incomplete (no ${f})`);
    rmSync(dest, { recursive: true, force: true });
    renameSync(stage, dest);
  } catch (e) {
    rmSync(stage, { recursive: true, force: true });
    throw e;
  }
}
