// One export verb: gather the scope, render it as STIX 2.1, MISP or an ATT&CK Navigator layer, and
// name the download.
import type { AppDeps } from '../../deps';
import { gatherExport, type ExportScope } from './gather';
import { mispExport } from './misp';
import { navigatorLayer } from './navigator';
import { stixBundle } from './stix';

export const EXPORT_FORMATS = ['stix', 'misp', 'navigator'] as const;
export type ExportFormatName = (typeof EXPORT_FORMATS)[number];

const scopeName = (s: ExportScope, ip?: string) => (s.kind === 'fleet' ? 'fleet' : s.kind === 'attacker' ? `attacker-${(ip ?? s.id).replace(/[^0-9A-Za-z.]/g, '_')}` : `identity-${s.id.slice(0, 12)}`);

export async function buildExport(deps: AppDeps, scope: ExportScope, format: ExportFormatName): Promise<{ body: string; filename: string }> {
  const data = await gatherExport(deps, scope);
  const base = `decnet-${scopeName(scope, data.attackers[0]?.ip)}`;
  const title = scope.kind === 'fleet' ? 'DECNET-TS fleet' : scope.kind === 'attacker' ? `DECNET-TS attacker ${data.attackers[0]?.ip ?? scope.id}` : `DECNET-TS identity ${scope.id.slice(0, 12)}`;
  if (format === 'stix') return { body: JSON.stringify(stixBundle(data), null, 2), filename: `${base}.stix.json` };
  if (format === 'misp') return { body: JSON.stringify(mispExport(data), null, 2), filename: `${base}.misp.json` };
  return { body: JSON.stringify(navigatorLayer(data, title), null, 2), filename: `${base}.layer.json` };
}
