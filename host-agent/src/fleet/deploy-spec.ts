// Deckies for `deploy`: from an INI file (protocol's parseFleetIni, DECNET's format) or from flags
// (`--deckies N` with `--services`, `--archetype` or `--randomize-services`), named like DECNET
// (`decky-01` ...). Random choices draw from the services this build can run.
import { archetype, customServiceOf, DeployableDeckySpecSchema, parseFleetIni, withCustomServices, type ArchetypeSlug, type DeckySpec, type IniWarning } from '@decnet/protocol';
import { z } from 'zod';
import { pickServices, serviceSetKey } from './service-pick';

export class DeploySpecError extends Error {
  override readonly name = 'DeploySpecError';
}

export interface FlagDeployOptions {
  count: number;
  archetype?: ArchetypeSlug;
  services?: string[];
  randomizeServices?: boolean;
  mutateIntervalMin?: number;
  /** Name stem: `<prefix>-01` ... (DECNET: `decky`). */
  prefix?: string;
}

export interface DeployPlan {
  deckies: DeckySpec[];
  warnings: string[];
}

export const DECKY_COUNT_MAX = 100;

/** DECNET's build_deckies: explicit services, else the archetype's, else a random 1-3 per decky. */
export function deckiesFromFlags(o: FlagDeployOptions, pool: readonly string[], random: () => number = Math.random): DeployPlan {
  if (!Number.isInteger(o.count) || o.count < 1 || o.count > DECKY_COUNT_MAX) throw new DeploySpecError(`--deckies must be 1-${DECKY_COUNT_MAX}`);
  if (!o.services?.length && !o.archetype && !o.randomizeServices) {
    throw new DeploySpecError('say what to run: --services a,b, --archetype A or --randomize-services');
  }
  const used = new Set<string>();
  const deckies: DeckySpec[] = [];
  for (let i = 1; i <= o.count; i++) {
    let services: string[];
    if (o.services?.length) services = [...o.services];
    else if (o.archetype) services = [...archetype(o.archetype).services];
    else services = pickServices(pool, random, used);
    used.add(serviceSetKey(services));
    deckies.push(validate({
      name: `${o.prefix ?? 'decky'}-${String(i).padStart(2, '0')}`,
      services,
      serviceConfig: {},
      ...(o.archetype && { archetype: o.archetype }),
      ...(o.mutateIntervalMin && { mutateIntervalMin: o.mutateIntervalMin }),
    }));
  }
  return { deckies, warnings: missingWarnings(deckies, pool) };
}

/** DECNET INI text to deckies; a decky with neither services nor archetype gets random ones. */
export function deckiesFromIni(text: string, pool: readonly string[], defaultMutateIntervalMin?: number, random: () => number = Math.random): DeployPlan {
  const fleet = parseFleetIni(text); // throws IniError with the line number
  const warnings = fleet.warnings.map((w: IniWarning) => `line ${w.line}: ${w.message}`);
  if (fleet.custom.length) warnings.push(`custom services (${fleet.custom.map((c) => c.name).join(', ')}) run only on the docker runtime; the local runtime reports them missing`);
  const used = new Set<string>();
  const deckies = withCustomServices(fleet.deckies, fleet.custom).map((d) => {
    const services = d.services.length ? d.services : pickServices(pool, random, used);
    used.add(serviceSetKey(services));
    const mutate = d.mutateIntervalMin ?? defaultMutateIntervalMin;
    return validate({ ...d, services, ...(mutate && { mutateIntervalMin: mutate }) });
  });
  return { deckies, warnings: [...warnings, ...missingWarnings(deckies, pool)] };
}

function validate(spec: DeckySpec): DeckySpec {
  const r = DeployableDeckySpecSchema.safeParse(spec);
  if (!r.success) throw new DeploySpecError(`decky ${spec.name}: ${z.prettifyError(r.error)}`);
  return r.data;
}

function missingWarnings(deckies: readonly DeckySpec[], pool: readonly string[]): string[] {
  const out: string[] = [];
  for (const d of deckies) {
    const missing = d.services.filter((s) => !pool.includes(s) && !customServiceOf(d, s));
    if (missing.length === d.services.length) out.push(`${d.name}: no template in this build for any of ${d.services.join(', ')}; it will be reported failed`);
    else if (missing.length) out.push(`${d.name}: no template in this build for ${missing.join(', ')}; it runs without them`);
  }
  return out;
}
