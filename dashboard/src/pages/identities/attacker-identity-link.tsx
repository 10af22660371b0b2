// On an attacker's page: the identity (and campaign) the address was clustered into, if any.
import { Identities } from '../../api/identity-api';
import { Badge } from '../../components/badge';
import { useAsync } from '../../hooks/use-async';
import { Link } from '../../router/router';
import { shortId } from './identities-page';

export function AttackerIdentityLink({ attackerId }: { attackerId: string }) {
  const state = useAsync(() => Identities.identities({ attackerId, limit: 1 }), [attackerId]);
  const identity = state.data?.items[0];
  if (!identity) return null;
  return (
    <span class="header-badges">
      <Link href={`/identities/${encodeURIComponent(identity.id)}`}>
        <Badge tone="accent" title="Addresses clustered as one actor">identity {shortId(identity.id)} · {identity.memberCount} addresses</Badge>
      </Link>
      {identity.campaignId && (
        <Link href={`/campaigns/${encodeURIComponent(identity.campaignId)}`}>
          <Badge tone="info">campaign {shortId(identity.campaignId)}</Badge>
        </Link>
      )}
    </span>
  );
}
