// The SSH template (RFC 4253/4252/4254 via ssh2): the persona's OpenSSH banner and algorithms,
// per-decky host keys, credential capture and the fake shell; see README.md.
import { defineService } from '../service';
import type { Template } from '../template';
import { sshPersona } from './persona';
import { sshConfigSchema, type SshConfig } from './config';
import type { ParsedKey } from 'ssh2';
import { loadSsh2 } from './ssh2-lib';

// ssh2 sets up a 16 MB WebAssembly heap when it is loaded: only deckies that run ssh load it (ssh2-lib.ts).
type Impl = { hostKeysFor: typeof import('./host-keys').hostKeysFor; startSshSession: typeof import('./session').startSshSession };
let impl: Promise<Impl> | undefined;
let loaded: Impl | undefined;
const load = (): Promise<Impl> =>
  (impl ??= Promise.all([import('./host-keys'), import('./session'), loadSsh2()]).then(([k, s]) => (loaded = { hostKeysFor: k.hostKeysFor, startSshSession: s.startSshSession })));

const ready = new Map<string, ParsedKey[]>();
const keyId = (decky: string, stateDir: string | undefined): string => `${decky}\0${stateDir ?? ''}`;

export const sshTemplate: Template<SshConfig> = {
  name: 'ssh',
  defaultPorts: [22],
  configSchema: sshConfigSchema,
  async prepare(info) {
    const { hostKeysFor } = await load();
    ready.set(keyId(info.decky, info.stateDir), await hostKeysFor(info.decky, info.stateDir));
  },
  createSession(stream, ctx) {
    const keys = ready.get(keyId(ctx.decky, ctx.stateDir));
    if (keys && loaded) return loaded.startSshSession(stream, ctx, keys);
    // Not prepared (a test driving the template directly): load, generate, then serve.
    let handle: ReturnType<Impl['startSshSession']> | undefined;
    let closed = false;
    load()
      .then(async ({ hostKeysFor, startSshSession }) => {
        const k = keys ?? (await hostKeysFor(ctx.decky, ctx.stateDir));
        ready.set(keyId(ctx.decky, ctx.stateDir), k);
        if (!closed) handle = startSshSession(stream, ctx, k);
      })
      .catch(() => stream.destroy());
    return {
      close(reason) {
        closed = true;
        handle?.close?.(reason);
        stream.destroy();
      },
    };
  },
};

export const sshService = defineService({
  template: sshTemplate,
  description: 'OpenSSH server: password and key capture, a fake shell, exec, scp/sftp upload capture',
  persona: sshPersona,
  smoke: { expect: (p): string => p.services.ssh.banner },
});
