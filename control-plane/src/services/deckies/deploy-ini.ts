// Deploy from DECNET's INI deployment format: parse (errors carry the line number), then upsert the
// deckies onto the host, optionally replacing the host's whole fleet.
import { INI_MAX_CHARS, safeParseFleetIni, withCustomServices, type DeployResult } from '@decnet/protocol';
import type { AppDeps } from '../../deps';
import { AppError } from '../../errors';
import { catalogueFor } from './catalogue';
import { resolveHostId } from './normalize';
import { upsertDeckies } from './write';

/** The API's DeployResult (protocol). */
export type IniDeployResult = DeployResult;

export async function deployIni(deps: AppDeps, iniContent: string, hostId?: string, replaceFleet = false): Promise<IniDeployResult> {
  if (iniContent.length > INI_MAX_CHARS) throw new AppError('payload_too_large', `INI text exceeds ${INI_MAX_CHARS} characters`);
  const parsed = safeParseFleetIni(iniContent);
  if (!parsed.ok) {
    const { line, detail, code } = parsed.error;
    throw new AppError('validation_failed', `INI line ${line}: ${detail}`, { line, code });
  }
  const target = await resolveHostId(deps, hostId);
  // [custom-*] definitions travel with each decky that uses them (as that service's config).
  const deckies = await upsertDeckies(deps, target, withCustomServices(parsed.spec.deckies, parsed.spec.custom), replaceFleet);
  const warnings = parsed.spec.warnings.map((w) => ({ line: w.line, message: w.message }));
  if (parsed.spec.custom.length > 0 && (await catalogueFor(deps, target)).runtime === 'local') {
    warnings.push({ line: 0, message: `custom services (${parsed.spec.custom.map((c) => c.name).join(', ')}) run only on the docker runtime; this host runs the local runtime and will report them missing` });
  }
  return { hostId: target, deckies, warnings };
}
