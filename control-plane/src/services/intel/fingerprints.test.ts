import { describe, expect, it } from 'vitest';
import { rotationFindings } from './fingerprints';

const h = 3_600_000;
describe('fingerprint rotation', () => {
  it('flags two client fingerprints of one kind seen within the window, not days apart or of other kinds', () => {
    expect(rotationFindings([{ kind: 'ja4', value: 'a', firstSeenMs: 0, lastSeenMs: 10 }, { kind: 'ja4', value: 'b', firstSeenMs: 20 * 60_000, lastSeenMs: 20 * 60_000 }])).toEqual([
      { type: 'fingerprint_rotated', kind: 'ja4', values: ['a', 'b'], windowS: 3600, detail: '2 different JA4 values within 60 min from one address' },
    ]);
    expect(rotationFindings([{ kind: 'ja4', value: 'a', firstSeenMs: 0, lastSeenMs: 10 }, { kind: 'ja4', value: 'b', firstSeenMs: 48 * h, lastSeenMs: 48 * h }])).toEqual([]);
    expect(rotationFindings([{ kind: 'os', value: 'Linux', firstSeenMs: 0, lastSeenMs: 10 }, { kind: 'os', value: 'Windows', firstSeenMs: 11, lastSeenMs: 12 }])).toEqual([]);
    expect(rotationFindings([{ kind: 'hassh', value: 'x', firstSeenMs: 0, lastSeenMs: 10 * h }])).toEqual([]);
  });
});
