// First-start setup inside the high-interaction container: root's and the sudo user's passwords,
// decoy accounts (so OpenSSH hands PAM the real password tried for them), and per-decky host keys kept
// on the artifacts mount so a reset does not change the fingerprint intruders recorded.
import { execFileSync } from 'node:child_process';
import { copyFileSync, existsSync, mkdirSync, readdirSync } from 'node:fs';
import { randomBytes } from 'node:crypto';
import { join } from 'node:path';
import type { HighInteractionInit } from '@decnet/protocol';

const run = (cmd: string, args: string[], input?: string): void => {
  execFileSync(cmd, args, { input, stdio: ['pipe', 'ignore', 'pipe'], timeout: 30_000 });
};

function userExists(name: string): boolean {
  try {
    run('id', ['-u', name]);
    return true;
  } catch {
    return false;
  }
}

/** /root is a fresh, size-capped disk on each start (host-agent hi-disk.ts): root's dot files as base-files installs them. */
function seedRootHome(): void {
  for (const f of ['bashrc', 'profile']) {
    const to = `/root/.${f}`;
    if (!existsSync(to) && existsSync(`/usr/share/base-files/dot.${f}`)) copyFileSync(`/usr/share/base-files/dot.${f}`, to);
  }
}

export function setUpAccounts(init: HighInteractionInit): void {
  seedRootHome();
  const lines = [`root:${init.rootPassword}`];
  if (init.user !== 'root') {
    if (!userExists(init.user)) run('useradd', ['-m', '-s', '/bin/bash', '-G', 'sudo', init.user]);
    lines.push(`${init.user}:${init.userPassword}`);
  }
  for (const u of init.decoyUsers) {
    if (u === 'root' || u === init.user || userExists(u)) continue;
    run('useradd', ['-m', '-s', '/bin/bash', u]);
    lines.push(`${u}:${randomBytes(18).toString('base64')}`);
  }
  // Names and passwords were checked by HighInteractionInitSchema (no ':' or newline).
  run('chpasswd', [], `${lines.join('\n')}\n`);
}

/** Host keys: from `keyDir` when an earlier start left them there, else generated and saved there. */
export function setUpHostKeys(keyDir: string): void {
  mkdirSync(keyDir, { recursive: true, mode: 0o700 });
  const saved = readdirSync(keyDir).filter((f) => /^ssh_host_[a-z0-9]+_key(\.pub)?$/.test(f));
  if (saved.length > 0) {
    for (const f of saved) copyFileSync(join(keyDir, f), join('/etc/ssh', f));
    run('chmod', ['600', ...saved.filter((f) => !f.endsWith('.pub')).map((f) => join('/etc/ssh', f))]);
    return;
  }
  if (!existsSync('/etc/ssh/ssh_host_ed25519_key')) run('ssh-keygen', ['-A']);
  for (const f of readdirSync('/etc/ssh').filter((x) => /^ssh_host_[a-z0-9]+_key(\.pub)?$/.test(x))) copyFileSync(join('/etc/ssh', f), join(keyDir, f));
}
