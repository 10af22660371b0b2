// DECNET's INI deployment file (inventory §2.7, decnet/ini_loader.py) accepted unchanged and
// turned into a FleetSpec; problems are IniErrors with the 1-based line they are on.
import { SERVICE_SLUGS } from '../events/catalogue';
import { isIPv4, parseIPv4Cidr } from '../util/ip';
import { type DeckySpec, SERVICE_NAME_RE } from './decky-spec';
import { parseDeckies } from './ini-deckies';
import { IniError, type IniWarning } from './ini-error';
import { DEFAULT_SECTION, lexIni, SectionReader, type IniSection } from './ini-lexer';

export const INI_MAX_CHARS = 512 * 1024;
export { AMOUNT_MAX } from './ini-deckies';
const CUSTOM_PREFIX = 'custom-';

export interface FleetGeneral {
  /** IPv4 CIDR of the decoy LAN. */
  net?: string;
  gw?: string;
  interface?: string;
}

export interface CustomServiceSpec {
  /** Service name usable in services= (the section is `[custom-<name>]`). */
  name: string;
  /** Container image. */
  binary: string;
  exec: string;
  ports: number[];
}

export interface FleetSpec {
  general: FleetGeneral;
  deckies: DeckySpec[];
  custom: CustomServiceSpec[];
  /** Things DECNET silently ignores that an operator probably wants to know about. */
  warnings: IniWarning[];
}

export interface FleetIniOptions {
  /** Built-in services allowed in services=; default: the MSGID catalogue's slugs. */
  knownServices?: Iterable<string>;
}

type SectionKind = 'general' | 'defaults' | 'service_config' | 'custom' | 'decky';

function classify(name: string): SectionKind {
  if (name === 'general') return 'general';
  if (name === DEFAULT_SECTION) return 'defaults';
  // DECNET: a dotted section is `[<decky>.<service>]` service config.
  if (name.includes('.')) return 'service_config';
  if (name.startsWith(CUSTOM_PREFIX) && name.length > CUSTOM_PREFIX.length) return 'custom';
  return 'decky';
}

function parseGeneral(r: SectionReader, s: IniSection, warnings: IniWarning[]): FleetGeneral {
  const general: FleetGeneral = {};
  const net = r.entry('net');
  if (net) {
    const v = r.plain(net);
    if (!parseIPv4Cidr(v)) throw new IniError('bad_value', net.line, `net= must be an IPv4 CIDR like 192.168.1.0/24, got "${v}"`);
    general.net = v;
  }
  const gw = r.entry('gw');
  if (gw) {
    const v = r.plain(gw);
    if (!isIPv4(v)) throw new IniError('bad_value', gw.line, `gw= must be an IPv4 address, got "${v}"`);
    general.gw = v;
  }
  const iface = r.entry('interface');
  if (iface) {
    const v = r.plain(iface);
    if (!/^[A-Za-z0-9_.:@-]{1,15}$/.test(v)) {
      throw new IniError('bad_value', iface.line, `interface= must be a network interface name (max 15 chars), got "${v}"`);
    }
    general.interface = v;
  }
  for (const e of s.entries.values()) {
    if (!['net', 'gw', 'interface'].includes(e.key)) warnings.push({ line: e.line, message: `[general] key "${e.key}" ignored` });
  }
  return general;
}

function parseCustom(s: IniSection, r: SectionReader, builtins: ReadonlySet<string>): CustomServiceSpec {
  const name = s.name.slice(CUSTOM_PREFIX.length);
  if (!SERVICE_NAME_RE.test(name)) throw new IniError('bad_name', s.line, `bad custom service name "${name}"`);
  if (builtins.has(name)) throw new IniError('bad_name', s.line, `custom service "${name}" shadows a built-in service`);
  const binary = r.entry('binary');
  if (!binary) throw new IniError('bad_value', s.line, `[${s.name}] needs binary= (a container image)`);
  const exec = r.entry('exec');
  const portsEntry = r.entry('ports');
  const ports: number[] = [];
  if (portsEntry) {
    for (const p of r.plain(portsEntry).split(',').map((x) => x.trim()).filter(Boolean)) {
      const n = /^\d{1,5}$/.test(p) ? Number(p) : NaN;
      if (!(n >= 1 && n <= 65535)) throw new IniError('bad_value', portsEntry.line, `ports= entry "${p}" is not a port 1-65535`);
      if (!ports.includes(n)) ports.push(n);
    }
  }
  return { name, binary: r.value(binary).trim(), exec: exec ? r.value(exec) : '', ports };
}

/** Parse DECNET INI text. Throws IniError. */
export function parseFleetIni(text: string, options: FleetIniOptions = {}): FleetSpec {
  if (text.length > INI_MAX_CHARS) throw new IniError('too_large', 1, `INI content too large (max ${INI_MAX_CHARS / 1024} KB)`);
  const sections = lexIni(text);
  const builtins = new Set(options.knownServices ?? SERVICE_SLUGS);
  const defaults = sections.find((s) => s.name === DEFAULT_SECTION);
  if (sections.filter((s) => s.name !== DEFAULT_SECTION).length === 0) {
    throw new IniError('no_sections', 1, 'INI content has no sections');
  }
  const warnings: IniWarning[] = [];
  const reader = (s: IniSection): SectionReader => new SectionReader(s, defaults);

  let general: FleetGeneral = {};
  const custom: CustomServiceSpec[] = [];
  for (const s of sections) {
    const kind = classify(s.name);
    if (kind === 'general') general = parseGeneral(reader(s), s, warnings);
    if (kind === 'custom') custom.push(parseCustom(s, reader(s), builtins));
  }
  const services = new Set([...builtins, ...custom.map((c) => c.name)]);
  const deckies = parseDeckies({
    deckySections: sections.filter((s) => classify(s.name) === 'decky'),
    configSections: sections.filter((s) => classify(s.name) === 'service_config'),
    reader,
    services,
    general,
    warnings,
  });
  return { general, deckies, custom, warnings };
}

export type SafeFleetIniResult = { ok: true; spec: FleetSpec } | { ok: false; error: IniError };

/** Like parseFleetIni but returns the IniError instead of throwing it. */
export function safeParseFleetIni(text: string, options: FleetIniOptions = {}): SafeFleetIniResult {
  try {
    return { ok: true, spec: parseFleetIni(text, options) };
  } catch (e) {
    if (e instanceof IniError) return { ok: false, error: e };
    throw e;
  }
}
