// Threat-intel export buttons (STIX 2.1, MISP, ATT&CK Navigator) for the fleet, an attacker or an
// identity: downloads with the bearer token, then saves the file under the server's name.
import { useState } from 'preact/hooks';
import { api } from '../../auth/session';
import { saveBlob } from '../../components/download';
import { Icon } from '../../components/icons';
import { Spinner } from '../../components/spinner';
import { toast } from '../../components/toast';
import { errorLine } from '../../format/errors';

export type IntelScope = { kind: 'fleet' } | { kind: 'attacker'; id: string } | { kind: 'identity'; id: string };
const FORMATS = [
  ['stix', 'STIX'],
  ['misp', 'MISP'],
  ['navigator', 'Navigator'],
] as const;

const pathOf = (s: IntelScope, format: string) =>
  s.kind === 'fleet' ? `/exports/fleet/${format}` : `/exports/${s.kind === 'attacker' ? 'attackers' : 'identities'}/${encodeURIComponent(s.id)}/${format}`;

export function IntelExport({ scope }: { scope: IntelScope }) {
  const [busy, setBusy] = useState<string | null>(null);
  const run = async (format: string) => {
    setBusy(format);
    try {
      const { blob, filename } = await api.download(pathOf(scope, format));
      saveBlob(blob, filename ?? `decnet-${scope.kind}.${format}.json`);
    } catch (err) {
      toast(`Export failed: ${errorLine(err)}`, 'bad');
    } finally {
      setBusy(null);
    }
  };
  return (
    <div class="btn-group" role="group" aria-label="Threat-intel export">
      <span class="btn-group-label">
        <Icon name="download" size={14} /> Intel
      </span>
      {FORMATS.map(([f, label]) => (
        <button key={f} type="button" class="btn btn-sm" disabled={busy !== null} onClick={() => run(f)} title={`${label} export`}>
          {busy === f && <Spinner size={12} />} {label}
        </button>
      ))}
    </div>
  );
}
