// What a presented bearer token claims, when it is a service-account JWT (RFC 7519 §7.2: the payload
// is the middle base64url segment): `sub` like system:serviceaccount:<ns>:<name> becomes the
// principal. Bounded and parsed in try/catch; the signature is never checked (we accept or refuse by config).
export interface TokenClaims {
  sub?: string;
  iss?: string;
  namespace?: string;
}

const MAX_TOKEN = 8192;

export function tokenClaims(token: string): TokenClaims {
  if (token.length > MAX_TOKEN) return {};
  const parts = token.split('.');
  if (parts.length !== 3 || !/^[A-Za-z0-9_-]+$/.test(parts[1] ?? '')) return {};
  try {
    const payload: unknown = JSON.parse(Buffer.from(parts[1] ?? '', 'base64url').toString('utf8'));
    if (!payload || typeof payload !== 'object' || Array.isArray(payload)) return {};
    const p = payload as Record<string, unknown>;
    const str = (v: unknown): string | undefined => (typeof v === 'string' ? v.slice(0, 256) : undefined);
    const k8s = p['kubernetes.io'] && typeof p['kubernetes.io'] === 'object' ? (p['kubernetes.io'] as Record<string, unknown>) : {};
    const out: TokenClaims = {};
    const sub = str(p.sub);
    const iss = str(p.iss);
    const ns = str(k8s.namespace) ?? str(p['kubernetes.io/serviceaccount/namespace']);
    if (sub !== undefined) out.sub = sub;
    if (iss !== undefined) out.iss = iss;
    if (ns !== undefined) out.namespace = ns;
    return out;
  } catch {
    return {};
  }
}

/** The username kube-apiserver would show for a service-account token, else a generic one. */
export function tokenUser(claims: TokenClaims): string {
  return claims.sub && /^system:serviceaccount:[a-z0-9-]{1,63}:[a-z0-9.-]{1,253}$/.test(claims.sub) ? claims.sub : 'system:serviceaccount:kube-system:default';
}
