// Decky sections of the DECNET INI (`[<name>]`, amount= expansion) and the `[<decky>.<svc>]`
// service-config sections that apply to them, with DECNET's rules plus line-numbered checks.
import { ipv4InCidr, isIPv4 } from '../util/ip';
import { archetype, ARCHETYPE_SLUGS, isArchetypeSlug } from './archetypes';
import { CONFIG_KEY_RE, DECKY_NAME_RE, type DeckySpec, MUTATE_INTERVAL_MAX_MIN, SERVICE_CONFIG_VALUE_MAX_CHARS } from './decky-spec';
import type { FleetGeneral } from './ini';
import { IniError, type IniWarning } from './ini-error';
import type { IniEntry, IniSection, SectionReader } from './ini-lexer';
import { isOsFamily, OS_FAMILIES } from './os-fingerprints';

export const AMOUNT_MAX = 100;
const DECKY_KEYS = ['ip', 'services', 'archetype', 'nmap_os', 'nmap-os', 'mutate_interval', 'mutate-interval', 'amount'];

export interface DeckyParseInput {
  deckySections: IniSection[];
  configSections: IniSection[];
  reader: (s: IniSection) => SectionReader;
  /** Built-in and custom service names allowed in services= and `[x.<svc>]`. */
  services: ReadonlySet<string>;
  general: FleetGeneral;
  warnings: IniWarning[];
}

function intIn(r: SectionReader, e: IniEntry, min: number, max: number, what: string): number {
  const v = r.plain(e);
  // Python int() accepts a leading + and surrounding spaces.
  const n = /^\+?\d{1,9}$/.test(v) ? Number(v) : NaN;
  if (!(n >= min && n <= max)) throw new IniError('bad_value', e.line, `${what} must be an integer ${min}-${max}, got "${v}"`);
  return n;
}

function parseServices(r: SectionReader, e: IniEntry, known: ReadonlySet<string>, warnings: IniWarning[]): string[] {
  const out: string[] = [];
  for (const name of r.plain(e).split(',').map((s) => s.trim()).filter(Boolean)) {
    if (!known.has(name)) throw new IniError('unknown_service', e.line, `unknown service "${name}"`);
    if (out.includes(name)) warnings.push({ line: e.line, message: `service "${name}" listed twice` });
    else out.push(name);
  }
  return out;
}

/** Base spec of one decky section, before amount= expansion. */
function parseSection(s: IniSection, r: SectionReader, input: DeckyParseInput): { base: Omit<DeckySpec, 'name'>; amount: number } {
  const { warnings } = input;
  for (const e of s.entries.values()) {
    if (!DECKY_KEYS.includes(e.key)) warnings.push({ line: e.line, message: `[${s.name}] key "${e.key}" ignored` });
  }
  const base: Omit<DeckySpec, 'name'> = { services: [], serviceConfig: {} };
  const archetypeEntry = r.entry('archetype');
  if (archetypeEntry) {
    const v = r.plain(archetypeEntry);
    if (!isArchetypeSlug(v)) {
      throw new IniError('unknown_archetype', archetypeEntry.line, `unknown archetype "${v}" (one of ${ARCHETYPE_SLUGS.join(', ')})`);
    }
    base.archetype = v;
  }
  const servicesEntry = r.entry('services');
  if (servicesEntry) base.services = parseServices(r, servicesEntry, input.services, warnings);
  if (base.services.length === 0 && base.archetype) base.services = [...archetype(base.archetype).services];
  if (base.services.length === 0) {
    warnings.push({ line: s.line, message: `[${s.name}] has no services and no archetype; services are picked at deploy time` });
  }
  const osEntry = r.entry('nmap_os', 'nmap-os');
  if (osEntry) {
    const v = r.plain(osEntry);
    if (!isOsFamily(v)) throw new IniError('bad_value', osEntry.line, `nmap_os must be one of ${OS_FAMILIES.join(', ')}, got "${v}"`);
    base.nmapOs = v;
  }
  const mutateEntry = r.entry('mutate_interval', 'mutate-interval');
  if (mutateEntry) base.mutateIntervalMin = intIn(r, mutateEntry, 1, MUTATE_INTERVAL_MAX_MIN, 'mutate_interval (minutes)');
  const amountEntry = r.entry('amount');
  const amount = amountEntry ? intIn(r, amountEntry, 1, AMOUNT_MAX, 'amount') : 1;
  const ipEntry = r.entry('ip');
  if (ipEntry) {
    const v = r.plain(ipEntry);
    if (!isIPv4(v)) throw new IniError('bad_value', ipEntry.line, `ip= must be an IPv4 address, got "${v}"`);
    if (amount > 1) {
      throw new IniError('bad_value', ipEntry.line, `cannot combine ip= with amount=${amount}; remove ip= or use amount=1`);
    }
    if (input.general.net && !ipv4InCidr(v, input.general.net)) {
      warnings.push({ line: ipEntry.line, message: `ip ${v} is outside net ${input.general.net}` });
    }
    base.ip = v;
  }
  return { base, amount };
}

export function parseDeckies(input: DeckyParseInput): DeckySpec[] {
  const deckies: DeckySpec[] = [];
  const byName = new Map<string, { spec: DeckySpec; line: number }>();
  const groups = new Map<string, DeckySpec[]>();
  const ips = new Map<string, number>();

  for (const s of input.deckySections) {
    if (!DECKY_NAME_RE.test(s.name)) {
      throw new IniError('bad_name', s.line, `bad decky name "${s.name}": letters, digits, - and _ only, at most 63 characters`);
    }
    const { base, amount } = parseSection(s, input.reader(s), input);
    const names = amount === 1 ? [s.name] : Array.from({ length: amount }, (_, i) => `${s.name}-${String(i + 1).padStart(2, '0')}`);
    const members: DeckySpec[] = [];
    for (const name of names) {
      if (name.length > 63) throw new IniError('bad_name', s.line, `expanded decky name "${name}" is longer than 63 characters`);
      const prior = byName.get(name);
      if (prior) throw new IniError('duplicate_decky', s.line, `decky "${name}" is already defined at line ${prior.line}`);
      const spec: DeckySpec = { name, ...base, services: [...base.services], serviceConfig: {} };
      byName.set(name, { spec, line: s.line });
      members.push(spec);
      deckies.push(spec);
    }
    if (amount > 1) groups.set(s.name, members);
    if (base.ip) {
      const first = ips.get(base.ip);
      if (first !== undefined) throw new IniError('duplicate_ip', s.line, `ip ${base.ip} is already used by the decky at line ${first}`);
      ips.set(base.ip, s.line);
    }
  }

  for (const cs of input.configSections) applyServiceConfig(cs, input, byName, groups);
  return deckies;
}

function applyServiceConfig(
  cs: IniSection,
  input: DeckyParseInput,
  byName: ReadonlyMap<string, { spec: DeckySpec }>,
  groups: ReadonlyMap<string, DeckySpec[]>,
): void {
  const dot = cs.name.lastIndexOf('.');
  const deckyName = cs.name.slice(0, dot);
  const svc = cs.name.slice(dot + 1);
  if (!input.services.has(svc)) throw new IniError('unknown_service', cs.line, `unknown service "${svc}" in section [${cs.name}]`);
  // A direct decky name wins; otherwise the section configures every decky its group expanded to.
  const direct = byName.get(deckyName);
  const targets = direct ? [direct.spec] : (groups.get(deckyName) ?? []);
  if (targets.length === 0) {
    input.warnings.push({ line: cs.line, message: `[${cs.name}] matches no decky; ignored` });
    return;
  }
  const r = input.reader(cs);
  const config: Record<string, string> = {};
  for (const e of cs.entries.values()) {
    if (!CONFIG_KEY_RE.test(e.key)) throw new IniError('bad_value', e.line, `bad config key "${e.key}"`);
    const v = r.value(e);
    if (v.length > SERVICE_CONFIG_VALUE_MAX_CHARS) throw new IniError('bad_value', e.line, `value of "${e.key}" is too long`);
    Object.defineProperty(config, e.key, { value: v, enumerable: true, writable: true, configurable: true });
  }
  if (targets.some((t) => !t.services.includes(svc))) {
    input.warnings.push({ line: cs.line, message: `[${cs.name}] configures "${svc}", which the decky does not run` });
  }
  for (const t of targets) t.serviceConfig[svc] = { ...config };
}
