// The local fleet file (`<dataDir>/local-desired.json`): the deckies an agent that is not enrolled
// should run, written by `deploy`/`teardown` and read by the running agent's mutator (it polls the
// file's mtime). Same shape as the control plane's desired state: `{version, deckies}`.
import { DesiredStateResponseSchema, type DeckySpec, type DesiredStateResponse } from '@decnet/protocol';
import { closeSync, fsyncSync, mkdirSync, openSync, readFileSync, renameSync, statSync, writeSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { z } from 'zod';

export const LOCAL_DESIRED_FILE = 'local-desired.json';

export const localDesiredPath = (dataDir: string): string => join(dataDir, LOCAL_DESIRED_FILE);

export class LocalDesiredError extends Error {
  override readonly name = 'LocalDesiredError';
}

/** The file's content; `{version: 0, deckies: []}` when it does not exist. Throws when it is invalid. */
export function readLocalDesired(path: string): DesiredStateResponse {
  let text: string;
  try {
    text = readFileSync(path, 'utf8');
  } catch (e) {
    if ((e as NodeJS.ErrnoException).code === 'ENOENT') return { version: 0, deckies: [] };
    throw new LocalDesiredError(`cannot read ${path}: ${(e as Error).message}`);
  }
  let json: unknown;
  try {
    json = JSON.parse(text);
  } catch {
    throw new LocalDesiredError(`${path} is not JSON`);
  }
  const r = DesiredStateResponseSchema.safeParse(json);
  if (!r.success) throw new LocalDesiredError(`${path} is not a valid fleet:\n${z.prettifyError(r.error)}`);
  return r.data;
}

/** Version (mtime and size) of the file, to notice a change cheaply; undefined when absent. */
export function localDesiredStamp(path: string): string | undefined {
  try {
    const st = statSync(path);
    return `${st.mtimeMs}:${st.size}:${st.ino}`;
  } catch {
    return undefined;
  }
}

/** Writes the next version atomically (temp, fsync, rename) and returns it. */
export function writeLocalDesired(path: string, deckies: readonly DeckySpec[]): DesiredStateResponse {
  const current = readLocalDesired(path);
  const next = DesiredStateResponseSchema.parse({ version: current.version + 1, deckies });
  mkdirSync(dirname(path), { recursive: true, mode: 0o750 });
  const tmp = `${path}.tmp-${process.pid}`;
  const fd = openSync(tmp, 'w', 0o600);
  try {
    writeSync(fd, JSON.stringify(next, null, 2));
    fsyncSync(fd);
  } finally {
    closeSync(fd);
  }
  renameSync(tmp, path);
  return next;
}

/** Adds or replaces deckies by name (`replace`: the result is exactly `add`). */
export function upsertDeckies(current: readonly DeckySpec[], add: readonly DeckySpec[], replace = false): DeckySpec[] {
  if (replace) return [...add];
  const names = new Set(add.map((d) => d.name));
  return [...current.filter((d) => !names.has(d.name)), ...add];
}

export function removeDeckies(current: readonly DeckySpec[], names: readonly string[] | 'all'): { deckies: DeckySpec[]; removed: string[]; unknown: string[] } {
  if (names === 'all') return { deckies: [], removed: current.map((d) => d.name), unknown: [] };
  const have = new Set(current.map((d) => d.name));
  return {
    deckies: current.filter((d) => !names.includes(d.name)),
    removed: names.filter((n) => have.has(n)),
    unknown: names.filter((n) => !have.has(n)),
  };
}
