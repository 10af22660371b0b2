// `decnet-agent archetypes [--json]`: DECNET's 15 decky archetypes (inventory §2.1), with the
// services of each that this build cannot run yet marked `*`.
import { ARCHETYPES } from '@decnet/protocol';
import { consoleIo, table, type CliIo } from '../fleet/cli-io';
import { availableServices } from '../fleet/service-catalogue';
import { parse } from './usage';

export async function archetypesCommand(argv: string[], io: CliIo = consoleIo): Promise<number> {
  const a = parse(argv, { json: { type: 'boolean', default: false } });
  const available = new Set(availableServices());
  if (a.json) {
    io.out(JSON.stringify(ARCHETYPES.map((x) => ({ ...x, unavailableServices: x.services.filter((s) => !available.has(s)) })), null, 2));
    return 0;
  }
  const rows = ARCHETYPES.map((x) => [x.slug, x.services.map((s) => (available.has(s) ? s : `${s}*`)).join(', '), x.nmapOs, x.preferredDistros.join(', '), x.description]);
  io.out(table(['ARCHETYPE', 'SERVICES', 'OS', 'DISTROS', 'DESCRIPTION'], rows));
  io.out('\n* no template in this build yet (a decky of that archetype runs without it)');
  return 0;
}
