// Orders reported attack phases along a kill chain (ATT&CK tactic order) for the profile strip.

export const KILL_CHAIN = [
  'reconnaissance',
  'initial_access',
  'credential_access',
  'execution',
  'persistence',
  'privilege_escalation',
  'defense_evasion',
  'discovery',
  'lateral_movement',
  'collection',
  'command_and_control',
  'exfiltration',
  'impact',
] as const;

export function normalizePhase(p: string): string {
  return p.trim().toLowerCase().replace(/[\s-]+/g, '_');
}

export function phaseLabel(p: string): string {
  const s = normalizePhase(p).replace(/_/g, ' ');
  return s.charAt(0).toUpperCase() + s.slice(1);
}

/** The kill chain with each step marked seen or not, then any unknown reported phases. */
export function phaseStrip(reported: readonly string[]): { phase: string; seen: boolean }[] {
  const seen = new Set(reported.map(normalizePhase));
  const known = new Set<string>(KILL_CHAIN);
  const strip = KILL_CHAIN.map((phase) => ({ phase: phase as string, seen: seen.has(phase) }));
  for (const p of seen) if (!known.has(p) && p) strip.push({ phase: p, seen: true });
  return strip;
}
