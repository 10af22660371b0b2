// `decnet-agent services [--json]`: the services a decky can have, their ports, whether this build
// has a template for them (only those run), and the archetypes that use them.
import { consoleIo, table, type CliIo } from '../fleet/cli-io';
import { serviceCatalogue } from '../fleet/service-catalogue';
import { parse } from './usage';

export async function servicesCommand(argv: string[], io: CliIo = consoleIo): Promise<number> {
  const a = parse(argv, { json: { type: 'boolean', default: false } });
  const services = serviceCatalogue().sort((x, y) => Number(y.available) - Number(x.available) || x.slug.localeCompare(y.slug));
  if (a.json) {
    io.out(JSON.stringify(services, null, 2));
    return 0;
  }
  const rows = services.map((s) => [s.slug, s.ports.join(',') || '-', s.available ? 'yes' : 'no', s.archetypes.join(', ') || '-']);
  io.out(table(['SERVICE', 'PORTS', 'TEMPLATE', 'ARCHETYPES'], rows));
  io.out(`\n${services.filter((s) => s.available).length} of ${services.length} services have a template in this build; deckies run only those.`);
  return 0;
}
