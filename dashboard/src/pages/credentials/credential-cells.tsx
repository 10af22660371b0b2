// Cells shared by credential tables: principal:secret (escaped, hidden chars visible), outcome.
import { Badge } from '../../components/badge';
import { oneLine } from '../../format/text';

export function SecretCell({ principal, secret }: { principal: string; secret: string }) {
  return (
    <span class="mono cred" title={`${oneLine(principal, 400)} : ${oneLine(secret, 400)}`}>
      <span class="cred-user">{principal ? oneLine(principal, 48) : <span class="muted">∅</span>}</span>
      <span class="cred-sep">:</span>
      <span class="cred-secret">{secret ? oneLine(secret, 64) : <span class="muted">∅</span>}</span>
    </span>
  );
}

export function OutcomeBadge({ outcome }: { outcome: string | null }) {
  if (!outcome) return <span class="muted">—</span>;
  return <Badge tone={outcome === 'success' ? 'bad' : 'neutral'}>{oneLine(outcome, 16)}</Badge>;
}
