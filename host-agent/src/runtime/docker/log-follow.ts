// follow() for one services container: `docker logs --follow --timestamps --since` on stdout,
// resumed by timestamp after a restart of the container, ended when it stops for good or is removed.
import { setTimeout as sleep } from 'node:timers/promises';
import type Dockerode from 'dockerode';
import type { DeckyLogLine } from '../log-stream';
import { DockerLogDecoder } from './log-lines';
import { decodePosition, sinceParam } from './log-position';
import { isNotFound } from './macvlan-network';

export const STREAM_PREFIX = 'docker/';
const CONTAINER_ID_RE = /^[0-9a-f]{64}$/;

export function streamId(containerId: string): string {
  return `${STREAM_PREFIX}${containerId}`;
}

export function containerIdOf(stream: string): string | undefined {
  const id = stream.startsWith(STREAM_PREFIX) ? stream.slice(STREAM_PREFIX.length) : '';
  return CONTAINER_ID_RE.test(id) ? id : undefined;
}

/** States after which a container produces no more output unless someone starts it again. */
export const ENDED_STATES: ReadonlySet<string> = new Set(['exited', 'dead', 'removing']);

export interface FollowArgs {
  docker: Dockerode;
  containerId: string;
  decky: string;
  afterPosition: string | undefined;
  onLine: (l: DeckyLogLine) => Promise<void> | void;
  signal: AbortSignal;
}

export async function followContainerLogs(a: FollowArgs): Promise<void> {
  const stream = streamId(a.containerId);
  const container = a.docker.getContainer(a.containerId);
  let after = a.afterPosition !== undefined ? decodePosition(a.afterPosition) : undefined;
  while (!a.signal.aborted) {
    let body: NodeJS.ReadableStream;
    try {
      body = await container.logs({ follow: true, stdout: true, stderr: false, timestamps: true, since: after ? sinceParam(after.tsNs) : 0, abortSignal: a.signal });
    } catch (e) {
      if (isNotFound(e) || a.signal.aborted) return;
      throw e;
    }
    const decoder = new DockerLogDecoder(after);
    try {
      for await (const chunk of body) {
        for (const l of decoder.push(chunk as Buffer)) {
          await a.onLine({ decky: a.decky, stream, position: l.position, line: l.line });
          after = decodePosition(l.position);
        }
      }
    } catch (e) {
      if (a.signal.aborted) return;
      throw e;
    }
    // The follow ends when the container stops: done, unless docker restarts it (restart policy).
    let status: string;
    try {
      status = (await container.inspect()).State.Status;
    } catch (e) {
      if (isNotFound(e)) return;
      throw e;
    }
    if (ENDED_STATES.has(status)) return;
    await sleep(250, undefined, { signal: a.signal }).catch(() => undefined);
  }
}
