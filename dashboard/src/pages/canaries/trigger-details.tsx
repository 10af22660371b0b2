// One trigger in full: when, how, from where (linked to the attacker and its identity), the user
// agent, headers, DNS name, the credential used, and the browser fingerprint with its signature check.
// Everything here came from the attacker: rendered as text only.
import type { ComponentChildren } from 'preact';
import type { CanaryTrigger } from '../../api/canary-api';
import { Badge } from '../../components/badge';
import { FieldTable, KeyValues } from '../../components/field-list';
import { visible } from '../../format/text';
import { formatDateTime } from '../../format/time';
import { Link } from '../../router/router';
import { AttackerIdentityLink } from '../identities/attacker-identity-link';

/** Fingerprint values flattened to strings for the key/value table (arrays joined, objects as JSON). */
export function fingerprintFields(fp: Record<string, unknown>): Record<string, string> {
  const out: Record<string, string> = {};
  for (const [k, v] of Object.entries(fp)) out[k] = Array.isArray(v) ? v.map(String).join(', ') : typeof v === 'object' && v !== null ? JSON.stringify(v) : String(v);
  return out;
}

export function VerifiedBadge({ t }: { t: Pick<CanaryTrigger, 'fingerprintVerified'> }) {
  if (t.fingerprintVerified === null) return null;
  return t.fingerprintVerified ? <Badge tone="ok">signature verified</Badge> : <Badge tone="bad">signature NOT verified</Badge>;
}

export function TriggerDetails({ t }: { t: CanaryTrigger }) {
  const items: [string, ComponentChildren][] = [
    ['Time', formatDateTime(t.at)],
    ['Via', <Badge key="via" tone="accent">{t.via}</Badge>],
    ['Address', t.srcIp ? (t.attackerId ? <Link href={`/attackers/${encodeURIComponent(t.attackerId)}`} class="mono">{visible(t.srcIp)}</Link> : <span class="mono">{visible(t.srcIp)}</span>) : '—'],
  ];
  if (t.attackerId) items.push(['Identity', <AttackerIdentityLink key="id" attackerId={t.attackerId} />]);
  if (t.userAgent) items.push(['User agent', <span class="mono small">{visible(t.userAgent)}</span>]);
  if (t.dnsName) items.push(['DNS name', <span class="mono">{visible(t.dnsName)}</span>]);
  if (t.decky) items.push(['Used on', <span class="mono">{visible(`${t.decky}/${t.service ?? ''}`)}</span>]);
  if (t.principal) items.push(['Username', <span class="mono">{visible(t.principal)}</span>]);
  return (
    <div class="stack" data-testid="trigger-details">
      <KeyValues items={items} />
      {t.fingerprint && (
        <section class="stack-tight">
          <h3 class="small strong">Browser fingerprint <VerifiedBadge t={t} /></h3>
          <FieldTable fields={fingerprintFields(t.fingerprint)} />
        </section>
      )}
      {Object.keys(t.headers).length > 0 && (
        <section class="stack-tight">
          <h3 class="small strong">Request headers</h3>
          <FieldTable fields={t.headers} />
        </section>
      )}
    </div>
  );
}
