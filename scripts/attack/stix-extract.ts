// Pure half of the ATT&CK extractor: from MITRE's STIX objects (attack-pattern, x-mitre-tactic,
// x-mitre-matrix) to the tactics in matrix order and the techniques the rules need, trimmed for the
// test vector, and rendered as protocol/src/attack/enterprise-data.ts. No I/O here.

export interface StixRef { source_name: string; external_id?: string }
export interface StixObject {
  type: string;
  id: string;
  name?: string;
  revoked?: boolean;
  x_mitre_deprecated?: boolean;
  x_mitre_is_subtechnique?: boolean;
  x_mitre_shortname?: string;
  external_references?: StixRef[];
  kill_chain_phases?: { kill_chain_name: string; phase_name: string }[];
  tactic_refs?: string[];
}
export interface SourcedObject { path: string; object: StixObject }
export type Tactic = readonly [short: string, id: string, name: string];
export type Technique = readonly [id: string, name: string, tactics: readonly string[]];
export interface EnterpriseExtract { tactics: Tactic[]; techniques: Technique[] }
export interface ExtractSource { repo: string; commit: string; release: string }

export const KEPT_TYPES = ['attack-pattern', 'x-mitre-tactic', 'x-mitre-matrix'] as const;
const TECHNIQUE_ID = /^T\d{4}(?:\.\d{3})?$/;

export const attackId = (o: StixObject): string | undefined => o.external_references?.find((r) => r.source_name === 'mitre-attack')?.external_id;
export const isLive = (o: StixObject): boolean => o.revoked !== true && o.x_mitre_deprecated !== true;
export const parentOf = (id: string): string | null => (id.includes('.') ? id.slice(0, id.indexOf('.')) : null);

/** The objects a bundle file holds (the CTI repository stores one STIX 2.0 bundle per object). */
export function bundleObjects(json: unknown): StixObject[] {
  const b = json as { type?: string; objects?: unknown };
  if (b?.type !== 'bundle' || !Array.isArray(b.objects)) throw new Error('not a STIX bundle');
  return b.objects as StixObject[];
}

/** The fields the extract reads, nothing else (the committed vector carries only these). */
export function trimObject(o: StixObject): StixObject {
  const ref = o.external_references?.find((r) => r.source_name === 'mitre-attack');
  const out: StixObject = { type: o.type, id: o.id };
  if (o.name !== undefined) out.name = o.name;
  if (ref) out.external_references = [{ source_name: 'mitre-attack', ...(ref.external_id ? { external_id: ref.external_id } : {}) }];
  if (o.revoked !== undefined) out.revoked = o.revoked;
  if (o.x_mitre_deprecated !== undefined) out.x_mitre_deprecated = o.x_mitre_deprecated;
  if (o.x_mitre_is_subtechnique !== undefined) out.x_mitre_is_subtechnique = o.x_mitre_is_subtechnique;
  if (o.x_mitre_shortname !== undefined) out.x_mitre_shortname = o.x_mitre_shortname;
  if (o.kill_chain_phases) out.kill_chain_phases = o.kill_chain_phases.map((k) => ({ kill_chain_name: k.kill_chain_name, phase_name: k.phase_name }));
  if (o.tactic_refs) out.tactic_refs = [...o.tactic_refs];
  return out;
}

/** Live techniques by ATT&CK id; two live objects claiming one id is an error in the data. */
export function liveTechniques(objects: readonly StixObject[]): Map<string, StixObject> {
  const out = new Map<string, StixObject>();
  for (const o of objects) {
    if (o.type !== 'attack-pattern' || !isLive(o)) continue;
    const id = attackId(o);
    if (!id || !TECHNIQUE_ID.test(id)) continue;
    if (out.has(id)) throw new Error(`two live attack-patterns claim ${id}`);
    out.set(id, o);
  }
  return out;
}

/** Tactics in the order of the (single, live) enterprise matrix's tactic_refs. */
export function matrixTactics(objects: readonly StixObject[]): Tactic[] {
  const matrices = objects.filter((o) => o.type === 'x-mitre-matrix' && isLive(o));
  if (matrices.length !== 1) throw new Error(`expected one live x-mitre-matrix, found ${matrices.length}`);
  const tactics = new Map(objects.filter((o) => o.type === 'x-mitre-tactic').map((o) => [o.id, o]));
  return (matrices[0]!.tactic_refs ?? []).map((ref) => {
    const t = tactics.get(ref);
    const id = t && attackId(t);
    if (!t || !id || !t.x_mitre_shortname || !t.name || !isLive(t)) throw new Error(`matrix tactic ${ref} missing or not live`);
    return [t.x_mitre_shortname, id, t.name] as const;
  });
}

/** `wanted` ids plus their parents, each resolved to a live technique (an unknown or dead id throws). */
export function extractEnterprise(objects: readonly StixObject[], wanted: Iterable<string>): EnterpriseExtract {
  const tactics = matrixTactics(objects);
  const known = new Set(tactics.map((t) => t[0]));
  const live = liveTechniques(objects);
  const ids = new Set<string>();
  for (const id of wanted) {
    ids.add(id);
    const p = parentOf(id);
    if (p) ids.add(p);
  }
  const techniques = [...ids].sort().map((id): Technique => {
    const o = live.get(id);
    if (!o || !o.name) throw new Error(`${id} is not a live technique in this release (unknown, revoked or deprecated)`);
    const phases = (o.kill_chain_phases ?? []).filter((k) => k.kill_chain_name === 'mitre-attack').map((k) => k.phase_name);
    for (const p of phases) if (!known.has(p)) throw new Error(`${id}: tactic ${p} is not in the matrix`);
    if (phases.length === 0) throw new Error(`${id} has no tactic`);
    return [id, o.name, phases];
  });
  return { tactics, techniques };
}

/** The objects of `all` a vector must hold for `wanted`: the matrix, its tactics, and every object (live or not) claiming a wanted id or its parent. */
export function vectorObjects(all: readonly SourcedObject[], wanted: Iterable<string>): SourcedObject[] {
  const ids = new Set<string>();
  for (const id of wanted) {
    ids.add(id);
    const p = parentOf(id);
    if (p) ids.add(p);
  }
  const keep = all.filter(({ object: o }) => o.type === 'x-mitre-matrix' || o.type === 'x-mitre-tactic' || (o.type === 'attack-pattern' && ids.has(attackId(o) ?? '')));
  return keep.map((s) => ({ path: s.path, object: trimObject(s.object) })).sort((a, b) => a.path.localeCompare(b.path));
}

const q = (s: string) => `'${s.replace(/\\/g, '\\\\').replace(/'/g, "\\'")}'`;

/** protocol/src/attack/enterprise-data.ts, byte for byte (the regeneration test compares it). */
export function renderEnterpriseData(x: EnterpriseExtract, src: ExtractSource): string {
  const lines = [
    `// GENERATED by scripts/attack/extract-enterprise.ts from MITRE ATT&CK ${src.release} (${src.repo} @ ${src.commit}); do not edit.`,
    '// ATT&CK® is © The MITRE Corporation, reproduced with attribution under the ATT&CK terms of use.',
    '// Holds the techniques the repository rules emit and their parents; test/attack regenerates it from the vector.',
    `export const ATTACK_RELEASE = ${q(`enterprise-attack ${src.release}`)};`,
    `export const ATTACK_SOURCE = { repo: ${q(src.repo)}, commit: ${q(src.commit)} } as const;`,
    '',
    '/** Tactics in matrix (kill-chain) order: [shortname, id, name]. */',
    'export const ATTACK_TACTICS: ReadonlyArray<readonly [string, string, string]> = [',
    ...x.tactics.map(([s, id, n]) => `  [${q(s)}, ${q(id)}, ${q(n)}],`),
    '];',
    '',
    "/** [id, name, tactic shortnames]; a sub-technique's name is its own (the parent's is looked up). */",
    'export const ATTACK_TECHNIQUES: ReadonlyArray<readonly [string, string, readonly string[]]> = [',
    ...x.techniques.map(([id, n, t]) => `  [${q(id)}, ${q(n)}, [${t.map(q).join(', ')}]],`),
    '];',
    '',
  ];
  return lines.join('\n');
}
