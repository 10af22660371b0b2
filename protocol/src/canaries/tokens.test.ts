// The canary contract's tables agree: every plantable generator has plausible paths the placement
// schema accepts, non-plantable ones have none, and the generator list the API serves says so.
import { describe, expect, it } from 'vitest';
import { CANARY_GENERATOR_NAMES, CANARY_PLANT_PATHS, CanaryPathSchema, canaryGeneratorInfo, PLANTABLE_GENERATORS } from './tokens';

describe('canary generator tables', () => {
  it('gives every plantable generator valid, distinct paths and the others none', () => {
    for (const g of CANARY_GENERATOR_NAMES) {
      const paths = CANARY_PLANT_PATHS[g] ?? [];
      if (PLANTABLE_GENERATORS.includes(g)) {
        expect(paths.length, g).toBeGreaterThan(0);
        expect(new Set(paths).size).toBe(paths.length);
        for (const p of paths) expect(CanaryPathSchema.safeParse(p).success, p).toBe(true);
      } else {
        expect(paths, g).toEqual([]);
      }
    }
  });

  it('serves one entry per generator with its kind, plantability and paths', () => {
    const { items } = canaryGeneratorInfo();
    expect(items.map((i) => i.generator)).toEqual(CANARY_GENERATOR_NAMES);
    expect(items.find((i) => i.generator === 'ssh_key')).toMatchObject({ kind: 'credential', plantable: true, paths: CANARY_PLANT_PATHS.ssh_key });
    expect(items.find((i) => i.generator === 'pdf')).toMatchObject({ kind: 'http', plantable: false, paths: [] });
  });
});
