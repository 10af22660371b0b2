import { describe, expect, it } from 'vitest';
import { canRollBack, versionFromFileName } from './releases-logic';

const host = (o: object) => ({ hostId: 'h', hostName: 'n', site: null, runningVersion: '1.0.0', targetVersion: null, previousVersion: null, phase: null, reason: null, requestedAt: null, updatedAt: null, ...o });

describe('releases logic', () => {
  it('suggests a version from a bundle file name', () => {
    expect(versionFromFileName('decnet-agent-1.4.2.tar.gz')).toBe('1.4.2');
    expect(versionFromFileName('agent-2.0.0-rc.1.tgz')).toBe('2.0.0-rc.1');
    expect(versionFromFileName('bundle.tar.gz')).toBe('');
  });
  it('offers rollback only with a previous version and no update in flight', () => {
    expect(canRollBack(host({}))).toBe(false);
    expect(canRollBack(host({ previousVersion: '0.9.0', phase: 'switching' }))).toBe(false);
    expect(canRollBack(host({ previousVersion: '0.9.0', phase: 'healthy' }))).toBe(true);
    expect(canRollBack(host({ previousVersion: '0.9.0', phase: 'rolled_back' }))).toBe(true);
  });
});
