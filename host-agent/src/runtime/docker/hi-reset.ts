// Resetting a high-interaction decky to its image (a fresh container, so whatever the intruder changed
// is gone; captured files and host keys stay on the host), on demand or on a schedule: every
// `reset_interval_min`, or as soon as its root filesystem writes pass `disk_mb`. Also the host-side
// check of the lines it prints: root inside can write them, so only this decky's ssh/telnet events pass.
import type Dockerode from 'dockerode';
import { highInteractionOf, isKnownMsgid, parseRfc5424, type DeckySpec } from '@decnet/protocol';
import type { Observed } from './converge';
import { applyHighInteraction, HI_ROLE } from './hi-container';
import type { ResolvedOptions } from './options';

export const HI_CHECK_INTERVAL_MS = 60_000;

/** The line as it came when it is an RFC 5424 event of one of this decky's high-interaction services (`services`: comma-separated, the container's label) with a catalogued MSGID; else undefined. */
export function checkHiLine(line: string, decky: string, services: string): string | undefined {
  const r = parseRfc5424(line);
  if (!r.ok) return undefined;
  const m = r.message;
  if (m.hostname !== decky || !m.appName || !services.split(',').includes(m.appName) || !m.msgid || !isKnownMsgid(m.appName, m.msgid)) return undefined;
  return line;
}

/** Stops the container (its open sessions are flushed as recordings), then creates it again from the image. */
export async function resetHighInteraction(docker: Dockerode, opts: ResolvedOptions, spec: DeckySpec, observed: readonly Observed[]): Promise<string> {
  const base = observed.find((o) => o.decky === spec.name && o.role === 'base' && o.state === 'running');
  if (!base) throw new Error(`decky ${spec.name} is not running`);
  const hi = observed.find((o) => o.decky === spec.name && o.role === HI_ROLE);
  if (hi) await docker.getContainer(hi.id).stop({ t: 5 }).catch(() => undefined);
  const r = await applyHighInteraction(docker, opts, spec, base.id, observed, true);
  if (r.problems.length > 0 || !r.id) throw new Error(r.problems.join('; ') || 'not reset');
  return r.id;
}

/** Which desired high-interaction deckies are due for a reset now (age or disk use). */
export async function dueForReset(docker: Dockerode, desired: readonly DeckySpec[], observed: readonly Observed[], nowMs: number): Promise<Array<{ spec: DeckySpec; reason: string }>> {
  const due: Array<{ spec: DeckySpec; reason: string }> = [];
  for (const spec of desired) {
    const p = highInteractionOf(spec);
    const hi = observed.find((o) => o.decky === spec.name && o.role === HI_ROLE && o.state === 'running');
    if (!p || p instanceof Error || !hi) continue;
    try {
      // `size` is the engine's query parameter (its types omit it); SizeRw is only there when asked for.
      const info: Dockerode.ContainerInspectInfo & { SizeRw?: number } = await docker.getContainer(hi.id).inspect({ size: true } as Dockerode.ContainerInspectOptions);
      const ageMin = (nowMs - Date.parse(info.Created)) / 60_000;
      if (p.config.reset_interval_min > 0 && ageMin >= p.config.reset_interval_min) due.push({ spec, reason: `scheduled (every ${p.config.reset_interval_min} min)` });
      else if ((info.SizeRw ?? 0) > p.config.disk_mb * 1024 * 1024) due.push({ spec, reason: `disk: ${Math.round((info.SizeRw ?? 0) / 1048576)} MB written, cap ${p.config.disk_mb} MB` });
    } catch {
      /* gone meanwhile: the next pass sees it */
    }
  }
  return due;
}
