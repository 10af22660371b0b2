// The text `npm start` prints once the product is up: dashboard and API URLs, the first login, each
// decky with its runtime, address and services, and what Ctrl-C will do. Pure: tested in test/start/.

export interface ServiceListing {
  service: string;
  /** Port it answers on (0 when unknown). */
  port: number;
  /** The service's real port when the local runtime had to map it. */
  wantedPort?: number;
}

export interface DeckyListing {
  name: string;
  state: string;
  /** IP address the decky answers on (loopback 127.x for local, its LAN address for docker). */
  address?: string;
  services: ServiceListing[];
}

export interface BannerInput {
  upS: number;
  url: string;
  login?: { username: string; password?: string };
  runtime: 'local' | 'docker';
  /** For docker: the macvlan parent and subnet the deckies joined. */
  network?: { parent: string; subnet: string };
  deckies: DeckyListing[];
  /** `--keep-deckies`: Ctrl-C leaves docker deckies running. */
  keepDeckies: boolean;
}

const service = (s: ServiceListing): string =>
  `${s.service}:${s.port || '?'}${s.wantedPort !== undefined && s.wantedPort !== s.port ? ` (mapped from ${s.wantedPort})` : ''}`;

export function formatBanner(b: BannerInput): string[] {
  const lines = ['', `DECNET-TS is up in ${b.upS.toFixed(1)} s`, `  Dashboard:  ${b.url}/`, `  API:        ${b.url}/api/v1 (OpenAPI: ${b.url}/api/v1/openapi.json)`];
  if (b.login?.password) lines.push(`  First login: user '${b.login.username}', password '${b.login.password}' (shown once; you must change it)`);
  else if (b.login) lines.push(`  First login: user '${b.login.username}' with DECNET_ADMIN_PASSWORD (you must change it)`);
  const running = b.deckies.filter((d) => d.state === 'running').length;
  if (b.deckies.length > 0) {
    const where =
      b.runtime === 'docker'
        ? `on the docker runtime, macvlan on ${b.network?.parent ?? '?'} ${b.network?.subnet ?? ''}`.trimEnd() + '; attack them from another machine on that LAN (the host itself cannot reach its macvlan children)'
        : 'on the local runtime; attack them from this machine';
    lines.push(`  Deckies (${running} running ${where}):`);
    const nameW = Math.max(...b.deckies.map((d) => d.name.length));
    const addrW = Math.max(...b.deckies.map((d) => (d.address ?? '-').length));
    for (const d of b.deckies) {
      const state = d.state === 'running' ? '' : `  [${d.state}]`;
      lines.push(`    ${d.name.padEnd(nameW)}  ${(d.address ?? '-').padEnd(addrW)}  ${d.services.map(service).join(', ')}${state}`);
    }
  }
  if (b.runtime === 'docker' && b.deckies.length > 0) {
    lines.push(b.keepDeckies ? '  Ctrl-C stops the control plane and agent; the decky containers keep running (--keep-deckies).' : '  Ctrl-C stops everything and removes the decky containers (--keep-deckies keeps them).');
  }
  lines.push('Press Ctrl-C to stop.');
  return lines;
}
