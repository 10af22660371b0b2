// Uptime and load average derived from the persona's boot time, and the procps `uptime` line
// shared by `uptime`, `w` and `top` (format of procps sprint_uptime()).

import type { ShellPersona } from '../persona';
import { hash32 } from './rng';

export function uptimeSeconds(persona: ShellPersona, nowMs: number): number {
  return Math.max(1, (nowMs - persona.bootedAtMs) / 1000);
}

/** 1, 5 and 15 minute load averages: low, per-decky, drifting every minute. */
export function loadAverage(persona: ShellPersona, nowMs: number): [number, number, number] {
  const minute = Math.floor(nowMs / 60_000);
  const base = (hash32(persona.seed) % 30) / 100;
  const wobble = (m: number): number => (hash32(`${persona.seed}:${m}`) % 25) / 100;
  const l1 = base + wobble(minute);
  const l5 = base + (wobble(minute) + wobble(minute - 1) + wobble(minute - 3)) / 3;
  const l15 = base + (wobble(minute - 2) + wobble(minute - 7) + wobble(minute - 11) + wobble(minute - 14)) / 4;
  return [l1, l5, l15];
}

const pad2 = (n: number): string => String(n).padStart(2, '0');

export function clock(date: Date): string {
  return `${pad2(date.getUTCHours())}:${pad2(date.getUTCMinutes())}:${pad2(date.getUTCSeconds())}`;
}

/** " 10:11:12 up 7 days,  1:02,  1 user,  load average: 0.00, 0.01, 0.05" */
export function uptimeLine(persona: ShellPersona, now: Date, users: number): string {
  const up = Math.floor(uptimeSeconds(persona, now.getTime()));
  const days = Math.floor(up / 86_400);
  const hours = Math.floor((up % 86_400) / 3600);
  const minutes = Math.floor((up % 3600) / 60);
  let s = ` ${clock(now)} up `;
  if (days > 0) s += `${days} day${days !== 1 ? 's' : ''}, `;
  s += hours > 0 ? `${String(hours).padStart(2, ' ')}:${pad2(minutes)}, ` : `${minutes} min, `;
  s += `${String(users).padStart(2, ' ')} user${users !== 1 ? 's' : ''}, `;
  const [a, b, c] = loadAverage(persona, now.getTime());
  return `${s} load average: ${a.toFixed(2)}, ${b.toFixed(2)}, ${c.toFixed(2)}`;
}
