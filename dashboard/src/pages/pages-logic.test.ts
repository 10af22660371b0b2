// Pure logic of the pages: live filters, deploy form/INI, deploy progress, service config rows,
// attackers list state, kill chain, password rules.
import { describe, expect, it } from 'vitest';
import type { Decky, EventItem } from '../api/types';
import { listQuery, listSearch } from './attackers/list-state';
import { phaseLabel, phaseStrip } from './attackers/kill-chain';
import { configToRows, formatInterval, parseInterval, rowsToConfig } from './fleet/decky-edit-logic';
import { deployProgress, formProblem, formToIni, type DeployForm } from './fleet/deploy-logic';
import { filtersFromSearch, filtersToSearch, matchesFilters } from './live/event-filter';
import { passwordProblem } from './login/password-rules';

const ev: EventItem = {
  id: '1', seq: 1, ts: '2026-05-01T00:00:00Z', hostId: 'h', decky: 'web-01', service: 'http', eventType: 'request',
  srcIp: '203.0.113.7', srcPort: 5000, fields: { user_agent: 'Mozilla/5.0 zgrab' }, msg: null, raw: '<134>1 ...',
};

describe('live filters', () => {
  it('round-trips through the URL', () => {
    const f = filtersFromSearch(new URLSearchParams('service=ssh&q=root&bogus=1'));
    expect(f).toEqual({ service: 'ssh', q: 'root' });
    expect(filtersToSearch(f)).toBe('?service=ssh&q=root');
    expect(filtersToSearch({})).toBe('');
  });
  it('matches exact fields and substring search', () => {
    expect(matchesFilters(ev, { service: 'http', q: 'ZGRAB' })).toBe(true);
    expect(matchesFilters(ev, { service: 'ssh' })).toBe(false);
    expect(matchesFilters(ev, { srcIp: '203.0.113.8' })).toBe(false);
    expect(matchesFilters(ev, { q: 'nothing-like-this' })).toBe(false);
  });
});

describe('deploy form', () => {
  const form: DeployForm = { name: 'hr-ws', amount: 3, archetype: 'windows-workstation', services: ['smb', 'rdp'], nmapOs: '', mutateIntervalMin: '120', ip: '' };
  it('renders DECNET INI', () => {
    expect(formToIni(form)).toBe('[hr-ws]\narchetype = windows-workstation\nservices = smb,rdp\nmutate_interval = 120\namount = 3\n');
  });
  it('validates before sending', () => {
    expect(formProblem(form)).toBeNull();
    expect(formProblem({ ...form, name: '-bad' })).toMatch(/Name/);
    expect(formProblem({ ...form, ip: '10.0.0.5' })).toMatch(/amount 1/);
    expect(formProblem({ ...form, mutateIntervalMin: '0' })).toMatch(/Rotation/);
    expect(formProblem({ ...form, archetype: '', services: [] })).toMatch(/archetype or at least one service/);
  });
});

describe('deploy progress', () => {
  const decky = (name: string, state: string | null, at = '2026-05-01T00:00:10Z'): Decky => ({
    id: name, name, hostId: 'h', archetype: null, services: [], serviceConfig: {}, nmapOs: null, mutateIntervalMin: null, ip: null,
    reported: state ? { state, services: [], error: state === 'failed' ? 'boom' : null, at } : null, createdAt: '', updatedAt: '2026-05-01T00:00:05Z',
  });
  const since = { a: '2026-05-01T00:00:05Z', b: '2026-05-01T00:00:05Z' };
  it('is done when every decky is running or failed', () => {
    const p = deployProgress(['a', 'b'], [decky('a', 'running'), decky('b', 'failed')], since);
    expect(p).toMatchObject({ done: true, running: 1, failed: 1 });
    expect(p.items[1]).toEqual({ name: 'b', state: 'failed', error: 'boom' });
  });
  it('treats reports older than the deploy as pending', () => {
    const p = deployProgress(['a'], [decky('a', 'running', '2026-05-01T00:00:01Z')], since);
    expect(p).toMatchObject({ done: false, items: [{ name: 'a', state: 'pending' }] });
  });
  it('waits while anything is pending or starting', () => {
    expect(deployProgress(['a', 'b'], [decky('a', 'running'), decky('b', 'starting')], since).done).toBe(false);
    expect(deployProgress(['a'], [decky('a', null)], since).items[0]!.state).toBe('pending');
  });
});

describe('service config rows', () => {
  it('round-trips and validates', () => {
    const rows = configToRows({ http: { server_header: 'Apache' } });
    expect(rows).toEqual([{ service: 'http', key: 'server_header', value: 'Apache' }]);
    expect(rowsToConfig([...rows, { service: 'http', key: '', value: '' }], ['http'])).toEqual({ config: { http: { server_header: 'Apache' } } });
    expect(rowsToConfig(rows, ['ssh'])).toHaveProperty('problem');
    expect(rowsToConfig([{ service: 'http', key: 'bad key', value: '' }], ['http'])).toHaveProperty('problem');
    expect(rowsToConfig([...rows, ...rows], ['http'])).toHaveProperty('problem');
  });
  it('parses and formats rotation intervals', () => {
    expect(parseInterval('')).toBeNull();
    expect(parseInterval('90')).toBe(90);
    expect(parseInterval('0')).toBeUndefined();
    expect(parseInterval('1.5')).toBeUndefined();
    expect(formatInterval(null)).toBe('off');
    expect(formatInterval(120)).toBe('2 h');
    expect(formatInterval(2880)).toBe('2 d');
    expect(formatInterval(45)).toBe('45 min');
  });
});

describe('attackers list state', () => {
  it('reads defaults and writes only what differs', () => {
    expect(listQuery(new URLSearchParams(''))).toEqual({ q: '', sort: 'lastSeen', order: 'desc', offset: 0 });
    expect(listQuery(new URLSearchParams('sort=drop table&offset=-5'))).toMatchObject({ sort: 'lastSeen', offset: 0 });
    expect(listSearch({ q: '10.0', sort: 'events', order: 'asc', offset: 50 })).toBe('?q=10.0&sort=events&order=asc&offset=50');
  });
});

describe('kill chain', () => {
  it('marks reported phases in tactic order and keeps unknown ones', () => {
    const strip = phaseStrip(['Lateral-Movement', 'reconnaissance', 'beaconing']);
    expect(strip.filter((s) => s.seen).map((s) => s.phase)).toEqual(['reconnaissance', 'lateral_movement', 'beaconing']);
    expect(phaseLabel('credential_access')).toBe('Credential access');
  });
});

describe('password rules', () => {
  it('mirrors the server policy', () => {
    expect(passwordProblem('short', 'short', 'admin')).toMatch(/12/);
    expect(passwordProblem('administrator', 'administrator', 'Administrator')).toMatch(/username/);
    expect(passwordProblem('long-enough-pass', 'long-enough-pass', 'admin', 'long-enough-pass')).toMatch(/different/);
    expect(passwordProblem('long-enough-pass', 'other', 'admin')).toMatch(/match/);
    expect(passwordProblem('long-enough-pass', 'long-enough-pass', 'admin', 'old')).toBeNull();
  });
});
