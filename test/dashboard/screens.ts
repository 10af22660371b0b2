// CLI: build the dashboard if needed, start a seeded control plane, run the browser tour and
// print where the screenshots are, which routes were stood in for, and any safety problems.
//   node_modules/.bin/tsx test/dashboard/screens.ts [--rebuild]
// Needs Debian's chromium (scripts/system-packages.txt) at /usr/bin/chromium or $CHROMIUM_PATH.
import { relative } from 'node:path';
import { startStack, REPO } from './stack';
import { runTour } from './tour';
import { jsSizes } from './bundle-size';

const stack = await startStack({ rebuild: process.argv.includes('--rebuild') });
let failed = false;
try {
  console.log(`control plane + dashboard at ${stack.baseUrl}`);
  console.log(`routes not on this control plane yet (stood in for): ${[...stack.missing].join(', ') || 'none'}`);
  const r = await runTour(stack);
  for (const f of r.screenshots) console.log(`screenshot ${relative(REPO, f)}`);
  console.log(`mocked during the tour: ${r.mockedRoutes.join(', ') || 'none'}`);
  for (const s of jsSizes()) console.log(`js ${s.file}: ${s.bytes} B, ${s.gzipBytes} B gzipped`);
  if (r.problems.length) {
    failed = true;
    for (const p of r.problems) console.error(`PROBLEM ${p}`);
  } else console.log('no safety problems');
} catch (err) {
  failed = true;
  console.error(err);
} finally {
  await stack.stop();
}
process.exit(failed ? 1 : 0);
