// Which web server the persona claims (from the Server string and distro): it decides header order,
// error page markup, default page, method handling and body limits, so every response agrees (D5).
import type { Persona } from '../persona/types';

export type ServerKind = 'apache' | 'nginx' | 'tomcat' | 'jetty' | 'other';

export interface ServerFlavor {
  kind: ServerKind;
  /** Server header value; undefined when the server sends none (Tomcat). */
  server?: string;
  /** The product/version string for error page footers, e.g. "Apache/2.4.52 (Ubuntu)". */
  signature: string;
  distro: 'ubuntu' | 'debian' | 'rhel' | 'alpine' | 'other';
  /** nginx's default client_max_body_size is 1m; Apache's LimitRequestBody is 1 GiB. */
  maxBodyBytes: number;
}

export function distroOf(persona: Persona): ServerFlavor['distro'] {
  const d = persona.distro;
  if (d.startsWith('ubuntu')) return 'ubuntu';
  if (d === 'debian' || d === 'kali') return 'debian';
  if (persona.shell.family === 'rhel') return 'rhel';
  if (d === 'alpine') return 'alpine';
  return 'other';
}

export function flavorFor(server: string, persona: Persona): ServerFlavor {
  // "Apache" / "nginx" without a version are ServerTokens Prod / server_tokens off: same servers.
  const kind: ServerKind = /^apache(\/|$|\s)/i.test(server) ? 'apache' : /^nginx(\/|$|\s)/i.test(server) ? 'nginx' : /jetty/i.test(server) ? 'jetty' : 'other';
  return {
    kind,
    server,
    signature: server,
    distro: distroOf(persona),
    maxBodyBytes: kind === 'nginx' ? 1024 * 1024 : 64 * 1024 * 1024,
  };
}

/** Version number in a "Product/1.2.3 (...)" string, or ''. */
export function versionIn(server: string): string {
  return /\/([\d.]+)/.exec(server)?.[1] ?? '';
}
