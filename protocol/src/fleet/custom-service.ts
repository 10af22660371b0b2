// Bring your own service (DECNET's INI `[custom-<name>] binary= exec= ports=`): a container image
// run in a decky's network namespace on the docker runtime. A decky carries each custom service's
// definition as that service's config (`serviceConfig[<name>]` with `binary`, `exec`, `ports`), so the
// desired state, storage and the runtimes need no second channel: a service with no built-in
// template whose config names an image is a custom one.
import type { DeckySpec } from './decky-spec';
import type { CustomServiceSpec } from './ini';

/** Docker image reference: [registry[:port]/]path[:tag][@sha256:digest]; no spaces or shell syntax. */
export const IMAGE_REF_RE = /^[a-z0-9][A-Za-z0-9._/:-]{0,199}(?:@sha256:[a-f0-9]{64})?$/;
const MAX_EXEC_CHARS = 1024;
const MAX_ARGS = 64;

export interface CustomServiceDefinition {
  name: string;
  image: string;
  /** argv for the container (empty: the image's own entrypoint/cmd). */
  argv: string[];
  ports: number[];
}

/**
 * Splits an `exec=` line into argv like a POSIX shell would split words, with single and double
 * quotes and backslash escapes, but nothing else: no expansion, no operators. The result is handed to
 * docker as an argv array; it never reaches a shell. Undefined when quotes are unbalanced or too long.
 */
export function splitExec(line: string): string[] | undefined {
  if (line.length > MAX_EXEC_CHARS) return undefined;
  const out: string[] = [];
  let cur = '';
  let inWord = false;
  let quote: '"' | "'" | undefined;
  for (let i = 0; i < line.length; i++) {
    const c = line[i]!;
    if (quote) {
      if (c === quote) quote = undefined;
      else if (c === '\\' && quote === '"' && i + 1 < line.length && '"\\$`'.includes(line[i + 1]!)) cur += line[++i];
      else cur += c;
    } else if (c === '"' || c === "'") {
      quote = c;
      inWord = true;
    } else if (c === '\\' && i + 1 < line.length) {
      cur += line[++i];
      inWord = true;
    } else if (/\s/.test(c)) {
      if (inWord) out.push(cur);
      cur = '';
      inWord = false;
    } else {
      cur += c;
      inWord = true;
    }
  }
  if (quote) return undefined;
  if (inWord) out.push(cur);
  return out.length <= MAX_ARGS ? out : undefined;
}

/** The definition as a decky's service config (what `withCustomServices` stores). */
export function customServiceConfig(c: CustomServiceSpec): Record<string, string> {
  return { binary: c.binary, exec: c.exec, ports: c.ports.join(',') };
}

/** Each decky that names a custom service gets its definition as that service's config (INI keys win). */
export function withCustomServices(deckies: readonly DeckySpec[], custom: readonly CustomServiceSpec[]): DeckySpec[] {
  if (custom.length === 0) return [...deckies];
  const byName = new Map(custom.map((c) => [c.name, c]));
  return deckies.map((d) => {
    const used = d.services.filter((s) => byName.has(s));
    if (used.length === 0) return d;
    const serviceConfig = { ...d.serviceConfig };
    for (const s of used) serviceConfig[s] = { ...customServiceConfig(byName.get(s)!), ...serviceConfig[s] };
    return { ...d, serviceConfig };
  });
}

/** Why a service's config is not a usable custom definition, or the definition. */
export function parseCustomService(name: string, config: Readonly<Record<string, string>> | undefined): CustomServiceDefinition | string {
  const image = config?.binary?.trim();
  if (!image) return `custom service '${name}' has no binary= (container image)`;
  if (!IMAGE_REF_RE.test(image)) return `custom service '${name}': binary= is not a container image reference`;
  const argv = splitExec(config?.exec ?? '');
  if (!argv) return `custom service '${name}': exec= has unbalanced quotes or is too long`;
  const ports = (config?.ports ?? '').split(',').map((p) => p.trim()).filter(Boolean).map(Number);
  if (ports.some((p) => !Number.isInteger(p) || p < 1 || p > 65535) || ports.length > 16) return `custom service '${name}': ports= must be up to 16 ports 1-65535`;
  return { name, image, argv, ports };
}

/** The custom definition of one of a decky's services, when its config names an image. */
export function customServiceOf(spec: Pick<DeckySpec, 'serviceConfig'>, service: string): CustomServiceDefinition | undefined {
  const c = spec.serviceConfig[service];
  if (!c?.binary) return undefined;
  const d = parseCustomService(service, c);
  return typeof d === 'string' ? undefined : d;
}
