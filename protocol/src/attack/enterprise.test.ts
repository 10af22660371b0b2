// The ATT&CK extract is pinned by hash (an edit must update the pin on purpose), and every id in it
// is well formed, has a known tactic and, for a sub-technique, a parent present in the extract.
import { describe, expect, it } from 'vitest';
import { ATTACK_TACTICS, ATTACK_TECHNIQUES, attackTactic, attackTechnique } from './enterprise';

const ATTACK_EXTRACT_SHA256 = '5067cadcc279db51d12455f67e2ad140932c4d4e1ecb613572fd32e9ba5a73eb';

describe('ATT&CK Enterprise extract', () => {
  it('matches its pinned SHA-256', async () => {
    const bytes = await crypto.subtle.digest('SHA-256', new TextEncoder().encode(JSON.stringify([ATTACK_TACTICS, ATTACK_TECHNIQUES])));
    const digest = [...new Uint8Array(bytes)].map((b) => b.toString(16).padStart(2, '0')).join('');
    expect(digest).toBe(ATTACK_EXTRACT_SHA256);
  });

  it.each(ATTACK_TECHNIQUES.map((t) => [t[0], t] as const))('%s is well formed and resolves', (id, [, name, tactics]) => {
    expect(id).toMatch(/^T\d{4}(\.\d{3})?$/);
    expect(name.length).toBeGreaterThan(1);
    expect(tactics.length).toBeGreaterThan(0);
    for (const t of tactics) expect(attackTactic(t), t).toBeDefined();
    const tech = attackTechnique(id)!;
    if (tech.parentId) {
      expect(attackTechnique(tech.parentId), `parent of ${id}`).toBeDefined();
      expect(tech.fullName).toBe(`${attackTechnique(tech.parentId)!.name}: ${name}`);
    }
  });

  it('has unique ids', () => {
    expect(new Set(ATTACK_TECHNIQUES.map((t) => t[0])).size).toBe(ATTACK_TECHNIQUES.length);
    expect(new Set(ATTACK_TACTICS.map((t) => t[1])).size).toBe(14);
  });
});
