// Deploy from DECNET's INI deployment format: parse (errors carry the line number), then upsert the
// deckies onto the host, optionally replacing the host's whole fleet.
import { INI_MAX_CHARS, safeParseFleetIni, type DeployResult } from '@decnet/protocol';
import type { AppDeps } from '../../deps';
import { AppError } from '../../errors';
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
  if (parsed.spec.custom.length) {
    throw new AppError('validation_failed', `Custom services ([custom-*] sections) are not supported yet: ${parsed.spec.custom.map((c) => c.name).join(', ')}`);
  }
  const target = await resolveHostId(deps, hostId);
  const deckies = await upsertDeckies(deps, target, parsed.spec.deckies, replaceFleet);
  const warnings = parsed.spec.warnings.map((w) => ({ line: w.line, message: w.message }));
  return { hostId: target, deckies, warnings };
}
