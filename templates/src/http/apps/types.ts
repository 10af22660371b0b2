// What a fake application sees of a request and returns: a response plus any credential it parsed
// from an application-specific format (XML-RPC, Basic realm) for the `request` event.
import type { Persona } from '../../persona/types';
import type { CredentialSd } from '../credentials';
import type { ServerFlavor } from '../flavor';
import type { HttpResponse } from '../responses';

export interface SiteRequest {
  method: string;
  /** Decoded path without the query, e.g. "/wp-login.php". */
  path: string;
  query: URLSearchParams;
  headers: Array<[string, string]>;
  header(name: string): string | undefined;
  body: Buffer;
  /** Validated Host (no port) or the persona's name. */
  host: string;
  port: number;
  scheme: 'http' | 'https';
}

export interface AppEnv {
  persona: Persona;
  flavor: ServerFlavor;
  now: Date;
  /** The site's configured base URL (WordPress siteurl and the like), without a trailing slash. */
  baseUrl: string;
  poweredBy?: string;
  /** Per-connection random hex, for session cookies and CSRF tokens (never shared across clients). */
  random(bytes: number): string;
}

export interface AppResult {
  response: HttpResponse;
  credential?: CredentialSd;
}

export interface FakeApp {
  /** Servers whose identity the app replaces (Tomcat, Jetty for Jenkins). */
  flavor?(base: ServerFlavor, persona: Persona, serverOverride: string | undefined): ServerFlavor;
  /** A response for the paths the app owns, or undefined to fall through to the site. */
  handle(req: SiteRequest, env: AppEnv): AppResult | undefined;
}

export function html(status: number, body: string, headers: Array<[string, string]> = [], contentType = 'text/html; charset=UTF-8'): HttpResponse {
  return { status, headers, body: Buffer.from(body, 'utf8'), contentType };
}
