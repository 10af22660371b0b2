// ATT&CK Enterprise lookups over the generated extract (enterprise-data.ts, made from MITRE's STIX data
// by scripts/attack/extract-enterprise.ts): technique and tactic names, parents, tactics, links.
import { ATTACK_TACTICS, ATTACK_TECHNIQUES } from './enterprise-data';

export { ATTACK_RELEASE, ATTACK_SOURCE, ATTACK_TACTICS, ATTACK_TECHNIQUES } from './enterprise-data';
export const ATTACK_URL = (id: string) => `https://attack.mitre.org/techniques/${id.replace('.', '/')}/`;

export interface AttackTechnique {
  id: string;
  name: string;
  /** "Brute Force: Password Guessing" for a sub-technique, the name alone otherwise. */
  fullName: string;
  parentId: string | null;
  tactics: string[];
  url: string;
}

const byId = new Map<string, AttackTechnique>();
for (const [id, name, tactics] of ATTACK_TECHNIQUES) {
  const parentId = id.includes('.') ? id.slice(0, id.indexOf('.')) : null;
  byId.set(id, { id, name, fullName: name, parentId, tactics: [...tactics], url: ATTACK_URL(id) });
}
for (const t of byId.values()) if (t.parentId) t.fullName = `${byId.get(t.parentId)?.name ?? t.parentId}: ${t.name}`;
const tacticByShort = new Map(ATTACK_TACTICS.map(([short, id, name]) => [short, { short, id, name }]));

export function attackTechnique(id: string): AttackTechnique | undefined {
  return byId.get(id);
}
export function attackTactic(short: string): { short: string; id: string; name: string } | undefined {
  return tacticByShort.get(short);
}
export function allAttackTechniques(): AttackTechnique[] {
  return [...byId.values()];
}
