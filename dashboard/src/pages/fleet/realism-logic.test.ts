// The realism report view's ordering and contradiction list, on a report shaped like an agent upload.
import { describe, expect, it } from 'vitest';
import type { RealismReport } from '../../api/realism-api';
import { contradictions, orderedChecks, realismVerdict } from './realism-logic';

const report: RealismReport = {
  decky: 'web-01', ranAt: '2026-12-05T09:00:00.000Z', durationMs: 1200, persona: 'linux/debian web-server',
  nmap: { available: false, osScan: false }, attackerView: [{ service: 'http', port: 80, text: 'Server: Microsoft-IIS/10.0' }],
  checks: [
    { id: 'nmap-services', status: 'skip', summary: 'nmap is not installed', evidence: [] },
    { id: 'static-banners', status: 'pass', summary: 'banners vary', evidence: [{ layer: 'ssh banner (22/tcp)', seen: 'SSH-2.0-OpenSSH_9.2p1' }] },
    { id: 'persona-consistency', status: 'fail', summary: 'http says Windows', evidence: [{ layer: 'http Server header (80/tcp)', seen: 'Microsoft-IIS/10.0', expected: 'Apache/2.4 (Debian)' }, { layer: 'note', seen: 'plain observation' }] },
  ],
};

describe('realism report view logic', () => {
  it('puts failed checks first and keeps the order otherwise', () => {
    expect(orderedChecks(report).map((c) => c.id)).toEqual(['persona-consistency', 'static-banners', 'nmap-services']);
  });
  it('lists only failed evidence that names the expected value', () => {
    expect(contradictions(report)).toEqual([{ check: 'persona-consistency', layer: 'http Server header (80/tcp)', seen: 'Microsoft-IIS/10.0', expected: 'Apache/2.4 (Debian)' }]);
  });
  it('gives the verdict: pending wins, then fail/pass, never without a report', () => {
    expect(realismVerdict(report, null)).toBe('fail');
    expect(realismVerdict(report, '6b1d0b0e-3c1f-4b53-9a53-0d7a6f0e2a11')).toBe('pending');
    expect(realismVerdict(null, null)).toBe('never');
    expect(realismVerdict({ ...report, checks: report.checks.filter((c) => c.status !== 'fail') }, null)).toBe('pass');
  });
});
