// What fleet control adds to a host's desired state (issue 19): its pending commands, the rotation
// interval for deckies without their own (host override, else fleet default), and the decommission
// answer that tells the agent to tear down and forget its identity.
import type { DeckySpec, DesiredStateResponse } from '@decnet/protocol';
import { eq } from 'drizzle-orm';
import type { AppDeps } from '../../deps';
import { hosts } from '../../db/schema';
import { pendingCommands } from './commands';
import { effectiveRotationMin } from './settings';

export function decommissionAnswer(version: number): DesiredStateResponse {
  return { version, deckies: [], decommission: true };
}

export async function fleetControlFields(deps: AppDeps, hostId: string): Promise<{ withRotation(s: DeckySpec): DeckySpec; fields: Pick<DesiredStateResponse, 'commands'> }> {
  // Re-read: the host row the route identified may predate a settings change the long-poll woke on.
  const host = await deps.db.select({ rotationIntervalMin: hosts.rotationIntervalMin }).from(hosts).where(eq(hosts.id, hostId)).get();
  const [rotation, commands] = await Promise.all([effectiveRotationMin(deps, { rotationIntervalMin: host?.rotationIntervalMin ?? null }), pendingCommands(deps, hostId)]);
  return {
    withRotation: (s) => (rotation != null && s.mutateIntervalMin === undefined ? { ...s, mutateIntervalMin: rotation } : s),
    fields: commands.length ? { commands } : {},
  };
}
