// Generates protocol/src/attack/enterprise-data.ts (and the test vector) from MITRE's CTI repository
// at a named commit: `tsx scripts/attack/extract-enterprise.ts --git /work/.mirror/mitre+cti/repo
// --commit dc2ea9270f [--vector test/vectors/attack/enterprise-attack.json] [--check]`.
import { execFileSync } from 'node:child_process';
import { readFileSync, writeFileSync } from 'node:fs';
import { dirname, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { REPO_RULES } from '../../control-plane/src/services/attack/rules';
import { bundleObjects, extractEnterprise, KEPT_TYPES, renderEnterpriseData, vectorObjects, type ExtractSource, type SourcedObject } from './stix-extract';

const ROOT = resolve(dirname(fileURLToPath(import.meta.url)), '../..');
export const DATA_FILE = resolve(ROOT, 'protocol/src/attack/enterprise-data.ts');
export const VECTOR_FILE = resolve(ROOT, 'test/vectors/attack/enterprise-attack.json');
export const LICENCE =
  'ATT&CK® is © The MITRE Corporation. These objects are trimmed excerpts of MITRE ATT&CK (https://github.com/mitre/cti), ' +
  'reproduced with attribution under the ATT&CK terms of use (https://attack.mitre.org/resources/legal-and-branding/terms-of-use/): ' +
  'MITRE grants a non-exclusive, royalty-free licence to use, reproduce and distribute ATT&CK, provided this notice is kept.';

export interface Vector { licence: string; source: ExtractSource; objects: SourcedObject[] }

/** Every technique id a repository rule emits (sub-technique when there is one, else the technique). */
export function ruleTechniqueIds(): string[] {
  return [...new Set(REPO_RULES.flatMap((r) => r.emits.map((e) => e.subTechnique ?? e.technique)))].sort();
}

/** The STIX objects of the kept types at `commit` of a git directory (bare mirror or checkout). */
export function readStixFromGit(gitDir: string, commit: string): { objects: SourcedObject[]; source: ExtractSource } {
  const git = (args: string[], input?: string) => execFileSync('git', ['-C', gitDir, ...args], { input, maxBuffer: 1 << 30 });
  const full = git(['rev-parse', `${commit}^{commit}`]).toString().trim();
  const subject = git(['log', '-1', '--format=%s', full]).toString().trim();
  const release = /ATT&CK v(\d+\.\d+) Enterprise/.exec(subject)?.[1];
  if (!release) throw new Error(`commit ${full} ("${subject}") is not an ATT&CK Enterprise release commit`);
  const paths = git(['ls-tree', '-r', '--name-only', full, ...KEPT_TYPES.map((t) => `enterprise-attack/${t}/`)]).toString().split('\n').filter((p) => p.endsWith('.json'));
  const out = git(['cat-file', '--batch'], paths.map((p) => `${full}:${p}`).join('\n') + '\n');
  const objects: SourcedObject[] = [];
  let at = 0;
  for (const path of paths) {
    const nl = out.indexOf(0x0a, at);
    const header = out.subarray(at, nl).toString();
    const size = Number(header.split(' ')[2]);
    if (!/ blob \d+$/.test(header)) throw new Error(`cat-file: ${header}`);
    const body = out.subarray(nl + 1, nl + 1 + size).toString('utf8');
    at = nl + 1 + size + 1;
    for (const object of bundleObjects(JSON.parse(body))) objects.push({ path, object });
  }
  return { objects, source: { repo: 'mitre/cti', commit: full, release } };
}

export function readVector(file = VECTOR_FILE): Vector {
  return JSON.parse(readFileSync(file, 'utf8')) as Vector;
}

/** enterprise-data.ts as generated from a set of sourced objects for the rules' techniques. */
export function generate(objects: readonly SourcedObject[], source: ExtractSource, wanted = ruleTechniqueIds()): string {
  return renderEnterpriseData(extractEnterprise(objects.map((o) => o.object), wanted), source);
}

function main(argv: string[]): void {
  const arg = (name: string) => { const i = argv.indexOf(name); return i >= 0 ? argv[i + 1] : undefined; };
  const gitDir = arg('--git');
  const commit = arg('--commit');
  if (!gitDir || !commit) throw new Error('usage: extract-enterprise --git <dir> --commit <sha> [--vector <file>] [--out <file>] [--check]');
  const { objects, source } = readStixFromGit(gitDir, commit);
  const text = generate(objects, source);
  const out = arg('--out') ?? DATA_FILE;
  const vectorFile = arg('--vector') ?? VECTOR_FILE;
  const vector: Vector = { licence: LICENCE, source, objects: vectorObjects(objects, ruleTechniqueIds()) };
  const vectorText = JSON.stringify(vector, null, 1) + '\n';
  if (argv.includes('--check')) {
    const same = readFileSync(out, 'utf8') === text && readFileSync(vectorFile, 'utf8') === vectorText;
    console.log(same ? `up to date with ${source.repo}@${source.commit} (${source.release})` : 'differs from the generated extract');
    process.exitCode = same ? 0 : 1;
    return;
  }
  writeFileSync(out, text);
  writeFileSync(vectorFile, vectorText);
  console.log(`${source.release} @ ${source.commit}: ${objects.length} objects read, ${vector.objects.length} kept in ${vectorFile}, ${out} written`);
}

if (process.argv[1] && resolve(process.argv[1]) === fileURLToPath(import.meta.url)) main(process.argv.slice(2));
