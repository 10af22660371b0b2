// Home directories: stock dotfiles, a believable shell history, .ssh with an authorized key for admins,
// Ubuntu's first-login markers; modes follow each distribution's adduser defaults.

import type { ShellPersona } from '../persona';
import type { Account, Accounts } from '../sys/accounts';
import type { TreeBuilder } from './tree-builder';
import { skelFiles } from './skel-files';
import { makeRng } from '../sys/rng';
import { historyFileName } from '../flavor';

const ADMIN_HISTORY = [
  'sudo apt update', 'sudo apt upgrade -y', 'df -h', 'free -m', 'htop', 'sudo systemctl status nginx',
  'sudo systemctl restart nginx', 'cd /var/www/html', 'ls -la', 'sudo tail -f /var/log/nginx/error.log',
  'git pull', 'sudo journalctl -xe', 'ip a', 'uptime', 'sudo reboot', 'top', 'cat /etc/os-release',
  'sudo ufw status', 'crontab -e', 'ssh-keygen -t ed25519', 'scp backup.tar.gz backup@10.0.0.5:/srv/backups/',
  'tar czf backup.tar.gz /var/www', 'du -sh *', 'ps aux | grep nginx', 'sudo -i', 'exit',
];
const USER_HISTORY = ['ls', 'cd projects', 'git status', 'vim notes.txt', 'ls -la', 'cd ..', 'history', 'python3 --version', 'exit'];
const ROOT_HISTORY = ['apt update', 'apt upgrade -y', 'systemctl status sshd', 'journalctl -u ssh --since today', 'passwd deploy', 'visudo', 'ss -tlnp', 'exit'];

function history(persona: ShellPersona, account: Account): string {
  const rng = makeRng(`${persona.seed}:history:${account.name}`);
  const pool = account.uid === 0 ? ROOT_HISTORY : account.sudo ? ADMIN_HISTORY : USER_HISTORY;
  const n = rng.int(6, Math.min(pool.length, 22));
  const lines: string[] = [];
  for (let i = 0; i < n; i++) {
    let cmd = rng.pick(pool);
    if (persona.family === 'rhel') cmd = cmd.replace('apt update', 'dnf check-update').replace('apt upgrade -y', 'dnf upgrade -y').replace('ufw status', 'firewall-cmd --list-all');
    if (lines[lines.length - 1] !== cmd) lines.push(cmd);
  }
  if (lines[lines.length - 1] !== 'exit') lines.push('exit');
  return lines.join('\n') + '\n';
}

function ed25519PublicKey(seed: string): string {
  const rng = makeRng(seed);
  const bytes: number[] = [0, 0, 0, 11, ...'ssh-ed25519'.split('').map((c) => c.charCodeAt(0)), 0, 0, 0, 32];
  for (let i = 0; i < 32; i++) bytes.push(rng.int(0, 255));
  return btoa(String.fromCharCode(...bytes));
}

export function addHomes(t: TreeBuilder, persona: ShellPersona, accounts: Accounts, installedAtMs: number): void {
  const ubuntu = persona.osPrettyName.toLowerCase().includes('ubuntu');
  const homeMode = persona.family === 'rhel' ? 0o700 : ubuntu ? 0o750 : 0o755;
  t.dir('/home', { mtimeMs: installedAtMs });
  for (const account of accounts.users) {
    if (!account.human) continue;
    const isRoot = account.uid === 0;
    const rng = makeRng(`${persona.seed}:home:${account.name}`);
    const created = installedAtMs + (isRoot ? 0 : rng.int(1, 20) * 86_400_000);
    const own = { uid: account.uid, gid: account.gid, mtimeMs: created };
    const home = account.home;
    t.dir(home, { ...own, mode: isRoot ? 0o700 : homeMode, mtimeMs: persona.bootedAtMs - rng.int(1, 30) * 3_600_000 });
    for (const [name, content] of Object.entries(skelFiles(persona.family, isRoot, ubuntu))) t.file(`${home}/${name}`, content, { ...own, mtimeMs: installedAtMs - 86_400_000 * 30 });
    t.file(`${home}/${historyFileName(persona)}`, history(persona, account), { ...own, mode: 0o600, mtimeMs: persona.bootedAtMs - rng.int(2, 50) * 3_600_000 });
    if (isRoot || account.sudo) {
      t.dir(`${home}/.ssh`, { ...own, mode: 0o700 });
      const keyOwner = isRoot ? (accounts.users.find((u) => u.sudo && u.human)?.name ?? 'admin') : account.name;
      t.file(`${home}/.ssh/authorized_keys`, `ssh-ed25519 ${ed25519PublicKey(`${persona.seed}:key:${keyOwner}`)} ${keyOwner}@${rng.pick(['laptop', 'workstation', 'macbook', 'desktop'])}\n`, { ...own, mode: 0o600 });
    }
    if (ubuntu && !isRoot) {
      t.dir(`${home}/.cache`, { ...own, mode: 0o700 });
      t.file(`${home}/.cache/motd.legal-displayed`, '', own);
      if (account.sudo) t.file(`${home}/.sudo_as_admin_successful`, '', own);
    }
  }
}
