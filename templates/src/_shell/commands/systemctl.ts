// systemctl(1) on systemd personas: list-units / list-unit-files / status <unit> / is-active from
// the units the process list implies; start/stop/enable answer as root, "Access denied" otherwise.

import type { CommandSpec } from './types';
import { Output } from './types';
import { units } from '../sys/services';
import type { Unit } from '../sys/services';
import { strftime } from '../sys/time-format';

function ago(ms: number): string {
  const s = Math.max(0, Math.floor(ms / 1000));
  const d = Math.floor(s / 86_400);
  const h = Math.floor((s % 86_400) / 3600);
  const m = Math.floor((s % 3600) / 60);
  if (d > 0) return `${d} day${d > 1 ? 's' : ''} ${h}h ago`;
  if (h > 0) return `${h}h ${m}min ago`;
  return `${m}min ${s % 60}s ago`;
}

function find(list: readonly Unit[], name: string): Unit | undefined {
  const full = name.includes('.') ? name : `${name}.service`;
  return list.find((u) => u.name === full || (full === 'sshd.service' && u.name === 'ssh.service'));
}

export const systemctl: CommandSpec = {
  name: 'systemctl',
  path: '/usr/bin/systemctl',
  run(ctx) {
    const o = new Output();
    const args = ctx.argv.slice(1).filter((a) => !a.startsWith('-'));
    const verb = args[0] ?? 'list-units';
    const list = units(ctx.state.persona);
    const now = ctx.now.getTime();
    if (verb === 'list-units' || verb === 'list-unit-files') {
      const files = verb === 'list-unit-files';
      const w = Math.max(...list.map((u) => u.name.length)) + 1;
      o.out(files ? `${'UNIT FILE'.padEnd(w)}STATE   VENDOR PRESET\n` : `  ${'UNIT'.padEnd(w)}LOAD   ACTIVE SUB     DESCRIPTION\n`);
      for (const u of list) o.out(files ? `${u.name.padEnd(w)}enabled enabled\n` : `  ${u.name.padEnd(w)}loaded active running ${u.description}\n`);
      o.out(files ? `\n${list.length} unit files listed.\n` : `\nLOAD   = Reflects whether the unit definition was properly loaded.\nACTIVE = The high-level unit activation state, i.e. generalization of SUB.\nSUB    = The low-level unit activation state, values depend on unit type.\n${list.length} loaded units listed.\n`);
      return o.done(0);
    }
    const target = args[1];
    if (verb === 'status' && target === undefined) {
      o.out(`● ${ctx.state.persona.hostname}\n    State: running\n    Units: ${list.length + 180} loaded (incl. loaded aliases)\n     Jobs: 0 queued\n   Failed: 0 units\n    Since: ${strftime('%a %Y-%m-%d %H:%M:%S UTC', new Date(ctx.state.persona.bootedAtMs))}; ${ago(now - ctx.state.persona.bootedAtMs)}\n`);
      return o.done(0);
    }
    if (target === undefined) {
      o.err(`Too few arguments.\n`);
      return o.done(1);
    }
    const u = find(list, target);
    const unitName = target.includes('.') ? target : `${target}.service`;
    if (verb === 'is-active' || verb === 'is-enabled') {
      o.out(u ? (verb === 'is-active' ? 'active\n' : 'enabled\n') : verb === 'is-active' ? 'inactive\n' : '');
      if (!u && verb === 'is-enabled') o.err(`Failed to get unit file state for ${unitName}: No such file or directory\n`);
      return o.done(u ? 0 : verb === 'is-active' ? 3 : 1);
    }
    if (verb === 'status') {
      if (!u) {
        o.err(`Unit ${unitName} could not be found.\n`);
        return o.done(4);
      }
      const since = strftime('%a %Y-%m-%d %H:%M:%S UTC', new Date(u.startMs));
      const dir = ctx.state.persona.family === 'rhel' ? '/usr/lib/systemd/system' : '/lib/systemd/system';
      o.out(`● ${u.name} - ${u.description}\n     Loaded: loaded (${dir}/${u.name}; enabled; preset: enabled)\n     Active: active (running) since ${since}; ${ago(now - u.startMs)}\n   Main PID: ${u.pid} (${(u.command.split(' ')[0] ?? '').split('/').pop()?.replace(/:$/, '')})\n      Tasks: 1 (limit: 4557)\n     Memory: ${(u.rssKb / 1024).toFixed(1)}M\n        CPU: ${1 + (u.pid % 900)}ms\n     CGroup: /system.slice/${u.name}\n             └─${u.pid} "${u.command}"\n`);
      return o.done(0);
    }
    if (['start', 'stop', 'restart', 'reload', 'enable', 'disable', 'mask', 'daemon-reload'].includes(verb)) {
      if (ctx.user.uid !== 0) {
        o.err(`Failed to ${verb} ${unitName}: Access denied\nSee system logs and 'systemctl status ${unitName}' for details.\n`);
        return o.done(1);
      }
      if (!u && verb !== 'daemon-reload') {
        o.err(`Failed to ${verb} ${unitName}: Unit ${unitName} not found.\n`);
        return o.done(5);
      }
      return o.done(0);
    }
    o.err(`Unknown command verb ${verb}.\n`);
    return o.done(1);
  },
};
