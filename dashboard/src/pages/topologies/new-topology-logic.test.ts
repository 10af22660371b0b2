// Generator parameters from the new-topology form.
import { describe, expect, it } from 'vitest';
import { DEFAULT_GENERATE, paramsOf } from './new-topology-logic';

describe('paramsOf', () => {
  it('turns the form into generator parameters', () => {
    expect(paramsOf(' maze-1 ', 'h1', { ...DEFAULT_GENERATE, seed: '42', forwardProbability: '0.5', randomServices: true })).toEqual({
      params: { name: 'maze-1', hostId: 'h1', seed: 42, depth: 2, branching: 2, deckiesPerLan: 2, forwardProbability: 0.5, crossEdgeProbability: 0, subnetBase: '10.100.0.0/24', randomServices: true },
    });
  });
  it('names the first problem', () => {
    expect(paramsOf('Maze', 'h1', DEFAULT_GENERATE)).toEqual({ problem: 'Name: lower-case letters, digits and -, at most 24.' });
    expect(paramsOf('maze', '', DEFAULT_GENERATE)).toEqual({ problem: 'Pick a host.' });
    expect(paramsOf('maze', 'h1', { ...DEFAULT_GENERATE, depth: '7' })).toEqual({ problem: 'Depth: a whole number from 0 to 6.' });
    expect(paramsOf('maze', 'h1', { ...DEFAULT_GENERATE, crossEdgeProbability: '1.5' })).toEqual({ problem: 'Cross-edge probability: a probability from 0 to 1.' });
    expect(paramsOf('maze', 'h1', { ...DEFAULT_GENERATE, subnetBase: '10.0.0.0' })).toEqual({ problem: 'Subnet base: an IPv4 CIDR such as 10.100.0.0/24.' });
  });
});
