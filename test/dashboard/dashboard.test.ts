// The dashboard in real Chromium against a real, seeded control plane: every page renders, the
// flows work (forced password change, deploy with progress, enrollment, roles), attacker payloads
// stay inert under the production CSP, and the first load stays under the 300 kB gzip budget.
import { existsSync } from 'node:fs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { FIRST_LOAD_BUDGET_GZIP, jsSizes } from './bundle-size';
import { ensureBuild, startStack, type Stack } from './stack';
import { CHROMIUM, runTour } from './tour';

describe('dashboard', () => {
  beforeAll(() => ensureBuild(), 120_000);

  it('keeps the first-load JavaScript under the gzip budget', () => {
    const total = jsSizes().reduce((sum, s) => sum + s.gzipBytes, 0);
    expect(total).toBeGreaterThan(0);
    expect(total).toBeLessThan(FIRST_LOAD_BUDGET_GZIP);
  });

  describe.skipIf(!existsSync(CHROMIUM))('in Chromium', () => {
    let stack: Stack;
    beforeAll(async () => {
      stack = await startStack();
    }, 120_000);
    afterAll(async () => stack?.stop());

    it('tours every page with no script execution, CSP violation or page error', async () => {
      const result = await runTour(stack);
      expect(result.problems).toEqual([]);
      expect(result.screenshots.length).toBeGreaterThan(20);
    }, 240_000);
  });
});
