// Every id in the ATT&CK extract is well formed, has a known tactic and, for a sub-technique, a parent
// present in the extract. (That the extract is MITRE's data: test/attack/enterprise-extract.test.ts.)
import { describe, expect, it } from 'vitest';
import { ATTACK_TACTICS, ATTACK_TECHNIQUES, attackTactic, attackTechnique } from './enterprise';

describe('ATT&CK Enterprise extract', () => {
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
