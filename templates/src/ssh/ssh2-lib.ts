// ssh2, loaded on first use. Loading it sets up a 16 MB WebAssembly heap (its poly1305), and a
// bundle hoists every static import of a package to its top, so a static import here would put that
// heap in every process whose bundle includes the catalogue (the product, the agent), not only in
// the runners that serve SSH. An import() of a package stays lazy in the bundles.
import type Ssh2 from 'ssh2';

let lib: typeof Ssh2 | undefined;
let loading: Promise<typeof Ssh2> | undefined;

/** Loads ssh2 (once) and configures it as the template needs it. */
export function loadSsh2(): Promise<typeof Ssh2> {
  return (loading ??= import('ssh2').then((m) => {
    const ssh2 = (m as { default?: typeof Ssh2 }).default ?? (m as unknown as typeof Ssh2);
    // sshd sends no keepalives by default (ClientAliveInterval 0); ssh2 would every 15 s, which both
    // shows and keeps idle sessions alive past the runner's idle timeout. A non-finite value disables them.
    (ssh2.Server as unknown as { KEEPALIVE_CLIENT_INTERVAL: number }).KEEPALIVE_CLIENT_INTERVAL = Number.POSITIVE_INFINITY;
    return (lib = ssh2);
  }));
}

/** ssh2, once loadSsh2() has resolved (the template's prepare and session paths await it first). */
export function ssh2Lib(): typeof Ssh2 {
  if (!lib) throw new Error('ssh2 is not loaded yet: await loadSsh2() first');
  return lib;
}
