// `decnet-agent reset --id NAME [--id NAME ...]`: resets high-interaction deckies to their image on
// demand. Stops the decky's high-interaction container (its open sessions are flushed as recordings)
// and removes it; the running agent sees it gone and creates a fresh one from the image.
import type Dockerode from 'dockerode';
import { DECKY_NAME_RE } from '@decnet/protocol';
import { consoleIo, type CliIo } from '../fleet/cli-io';
import { newDockerClient } from '../runtime/docker/dockerode-lib';
import { parse, UsageError } from './usage';

export const RESET_USAGE = 'decnet-agent reset --id NAME [--id NAME ...] [--no-wait] [--timeout S] [--socket PATH] [--label-prefix P]   (high-interaction deckies, docker runtime)';

export async function resetCommand(argv: string[], io: CliIo = consoleIo, docker?: Dockerode): Promise<number> {
  const a = parse(argv, { id: { type: 'string', multiple: true }, 'no-wait': { type: 'boolean', default: false }, timeout: { type: 'string' }, socket: { type: 'string' }, 'label-prefix': { type: 'string', default: 'decnet' } });
  const ids = a.id ?? [];
  if (ids.length === 0) throw new UsageError('give --id NAME');
  for (const id of ids) if (!DECKY_NAME_RE.test(id)) throw new UsageError(`not a decky name: ${id.slice(0, 64)}`);
  const timeoutS = a.timeout === undefined ? 60 : Number(a.timeout);
  if (!(Number.isInteger(timeoutS) && timeoutS > 0 && timeoutS <= 3600)) throw new UsageError('--timeout must be 1-3600 seconds');
  const d = docker ?? newDockerClient({ socketPath: a.socket ?? '/var/run/docker.sock' });
  const prefix = a['label-prefix'];
  if (!/^[a-z0-9][a-z0-9.-]{0,30}$/.test(prefix)) throw new UsageError('--label-prefix: lower-case letters, digits, . and -');
  const hiOf = async (name: string) => d.listContainers({ all: true, filters: { label: [`${prefix}.decky=${name}`, `${prefix}.role=hi`] } });
  let failed = 0;
  for (const name of ids) {
    const found = await hiOf(name);
    if (found.length === 0) {
      io.err(`${name}: no high-interaction container (not a high-interaction decky, or not on this host)`);
      failed++;
      continue;
    }
    for (const c of found) {
      await d.getContainer(c.Id).stop({ t: 5 }).catch(() => undefined);
      await d.getContainer(c.Id).remove({ force: true });
    }
    io.out(`${name}: high-interaction container removed; the agent recreates it from its image`);
    if (a['no-wait']) continue;
    const end = Date.now() + timeoutS * 1000;
    let fresh = false;
    while (!fresh && Date.now() < end) {
      fresh = (await hiOf(name)).some((c) => c.State === 'running' && !found.some((f) => f.Id === c.Id));
      if (!fresh) await new Promise((r) => setTimeout(r, 500));
    }
    if (fresh) io.out(`${name}: reset, running again`);
    else {
      io.err(`${name}: no new container after ${timeoutS} s (is the agent running? see \`decnet-agent status\`)`);
      failed++;
    }
  }
  return failed > 0 ? 1 : 0;
}
