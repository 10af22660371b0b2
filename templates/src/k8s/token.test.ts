// Property tests of the bearer-token reader: arbitrary strings (random, truncated JWTs, oversized,
// hostile JSON payloads) never throw and give bounded claims; a real service-account JWT gives its sub.
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { tokenClaims, tokenUser } from './token';

const jwt = (payload: unknown): string => `eyJhbGciOiJSUzI1NiJ9.${Buffer.from(JSON.stringify(payload) ?? 'null').toString('base64url')}.c2ln`;

describe('k8s bearer token claims', () => {
  it('reads the service account of a projected token', () => {
    const c = tokenClaims(jwt({ iss: 'https://kubernetes.default.svc.cluster.local', sub: 'system:serviceaccount:ci:deployer', 'kubernetes.io': { namespace: 'ci' } }));
    expect(c).toEqual({ iss: 'https://kubernetes.default.svc.cluster.local', sub: 'system:serviceaccount:ci:deployer', namespace: 'ci' });
    expect(tokenUser(c)).toBe('system:serviceaccount:ci:deployer');
    expect(tokenUser(tokenClaims('not-a-jwt'))).toBe('system:serviceaccount:kube-system:default');
  });

  it('never throws and bounds every claim for arbitrary input', () => {
    const payloads = fc.anything().map((v) => jwt(v));
    const cut = payloads.chain((t) => fc.nat({ max: t.length }).map((n) => t.slice(0, n)));
    fc.assert(fc.property(fc.oneof(fc.string({ maxLength: 300 }), payloads, cut, fc.string({ minLength: 9000, maxLength: 9100 })), (t) => {
      const c = tokenClaims(t);
      for (const v of Object.values(c)) expect(typeof v === 'string' && v.length <= 256).toBe(true);
      expect(tokenUser(c).length).toBeLessThan(400);
    }), { numRuns: 300 });
  });
});
