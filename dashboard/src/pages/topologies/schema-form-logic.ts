// Service-configuration forms from the JSON Schema a host reports per service (GET /catalogue
// `services[].configSchema`): typed fields with their constraints, and checks of what an operator
// typed. Config values travel as strings (`{service: {key: value}}`), so every field edits a string.

export type FieldKind = 'string' | 'text' | 'integer' | 'number' | 'boolean' | 'enum';

export interface FormField {
  key: string;
  kind: FieldKind;
  options?: string[];
  min?: number;
  max?: number;
  minLength?: number;
  maxLength?: number;
  pattern?: string;
  /** The template's default, shown as a placeholder. */
  defaultText?: string;
  description?: string;
}

type Json = Record<string, unknown>;
const isObj = (v: unknown): v is Json => typeof v === 'object' && v !== null && !Array.isArray(v);
const num = (v: unknown): number | undefined => (typeof v === 'number' && Number.isFinite(v) ? v : undefined);
const KEY_RE = /^[A-Za-z0-9_.:/-]{1,64}$/;
/** Longer free text than this gets a textarea. */
const TEXTAREA_MIN_CHARS = 1024;
const MAX_FIELDS = 128;

function typesOf(s: Json): string[] {
  const t = s.type;
  if (typeof t === 'string') return [t];
  return Array.isArray(t) ? t.filter((x): x is string => typeof x === 'string') : [];
}

function stringEnum(s: Json): string[] | undefined {
  return Array.isArray(s.enum) && s.enum.length > 0 && s.enum.every((x) => typeof x === 'string') ? (s.enum as string[]) : undefined;
}

/** One property's schema (possibly an anyOf of alternatives) as a field, or null when it has none we can edit. */
function fieldOf(key: string, prop: Json): FormField | null {
  const branches = Array.isArray(prop.anyOf) ? prop.anyOf.filter(isObj) : Array.isArray(prop.oneOf) ? prop.oneOf.filter(isObj) : [prop];
  const kinds = new Set(branches.flatMap(typesOf));
  const base: FormField = { key, kind: 'string' };
  if (prop.default !== undefined && prop.default !== null && typeof prop.default !== 'object') base.defaultText = String(prop.default);
  if (typeof prop.description === 'string') base.description = prop.description.slice(0, 300);
  // A boolean alternative wins: `true | "yes" | "no"` is a switch.
  const strBranch = branches.find((b) => typesOf(b).includes('string'));
  if (kinds.has('boolean')) {
    const spellings = strBranch && stringEnum(strBranch);
    return spellings ? { ...base, kind: 'boolean', options: spellings } : { ...base, kind: 'boolean' };
  }
  const numBranch = branches.find((b) => typesOf(b).some((t) => t === 'integer' || t === 'number'));
  if (numBranch && !strBranch) {
    const f: FormField = { ...base, kind: typesOf(numBranch).includes('integer') ? 'integer' : 'number' };
    const min = num(numBranch.minimum) ?? num(numBranch.exclusiveMinimum);
    const max = num(numBranch.maximum) ?? num(numBranch.exclusiveMaximum);
    if (min !== undefined) f.min = min;
    if (max !== undefined) f.max = max;
    return f;
  }
  if (!strBranch) return null;
  const options = stringEnum(strBranch);
  if (options && branches.length === 1) return { ...base, kind: 'enum', options };
  // Objects/arrays also accepted as a string (headers, version lists): edited as free text.
  const f: FormField = { ...base, kind: branches.length > 1 ? 'text' : 'string' };
  const minLength = num(strBranch.minLength);
  const maxLength = num(strBranch.maxLength);
  if (minLength !== undefined) f.minLength = minLength;
  if (maxLength !== undefined) f.maxLength = maxLength;
  if (typeof strBranch.pattern === 'string') f.pattern = strBranch.pattern;
  if (maxLength !== undefined && maxLength > TEXTAREA_MIN_CHARS) f.kind = 'text';
  return f;
}

/** The editable fields of a service's JSON Schema (an object schema with properties), in schema order. */
export function fieldsOf(schema: unknown): FormField[] {
  if (!isObj(schema) || !isObj(schema.properties)) return [];
  const out: FormField[] = [];
  for (const [key, prop] of Object.entries(schema.properties)) {
    if (out.length >= MAX_FIELDS) break;
    if (!KEY_RE.test(key) || !isObj(prop)) continue;
    const f = fieldOf(key, prop);
    if (f) out.push(f);
  }
  return out;
}

function matches(pattern: string, value: string): boolean {
  try {
    return new RegExp(pattern, 'u').test(value);
  } catch {
    return true; // a pattern this browser cannot compile is left to the server's check
  }
}

/** Why `value` does not fit the field, or null. An empty value means "use the default" and always fits. */
export function fieldProblem(f: FormField, value: string): string | null {
  if (value === '') return null;
  switch (f.kind) {
    case 'boolean':
      return value === 'true' || value === 'false' || f.options?.includes(value) ? null : 'true or false';
    case 'enum':
      return f.options?.includes(value) ? null : `one of ${(f.options ?? []).join(', ')}`;
    case 'integer':
    case 'number': {
      const ok = f.kind === 'integer' ? /^-?\d{1,16}$/.test(value.trim()) : /^-?\d+(\.\d+)?$/.test(value.trim());
      if (!ok) return f.kind === 'integer' ? 'a whole number' : 'a number';
      const n = Number(value);
      if (f.min !== undefined && n < f.min) return `at least ${f.min}`;
      if (f.max !== undefined && n > f.max) return `at most ${f.max}`;
      return null;
    }
    default:
      if (f.minLength !== undefined && value.length < f.minLength) return `at least ${f.minLength} characters`;
      if (f.maxLength !== undefined && value.length > f.maxLength) return `at most ${f.maxLength} characters`;
      if (f.pattern && !matches(f.pattern, value)) return 'not in the expected format';
      return null;
  }
}

const TRUTHY = new Set(['true', '1', 'yes', 'on']);
/** A boolean field's value as a checkbox state (the templates accept yes/1/on too). */
export const isTruthy = (value: string): boolean => TRUTHY.has(value.trim().toLowerCase());

/** Every problem of a service's values, as `key: problem` lines. */
export function configProblems(fields: readonly FormField[], values: Record<string, string>): string[] {
  return fields.flatMap((f) => {
    const p = fieldProblem(f, values[f.key] ?? '');
    return p ? [`${f.key}: ${p}`] : [];
  });
}

/** The service's config with empty values dropped (they mean the default); keys without a field are kept. */
export function cleanConfig(values: Record<string, string>): Record<string, string> {
  return Object.fromEntries(Object.entries(values).filter(([, v]) => v !== ''));
}
