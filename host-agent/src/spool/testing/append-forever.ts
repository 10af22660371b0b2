// Fault-test child: appends numbered records to a spool forever (group fsync) and prints the
// last number whose append resolved, until it is killed. Usage: append-forever.ts DIR START
import { Spool } from '../spool';

const [dir, startArg] = process.argv.slice(2);
const spool = await Spool.open({ dir: dir!, maxBytes: 256 * 1024 * 1024, segmentBytes: 64 * 1024, fsync: 'group' });
let n = Number(startArg ?? 0);
for (;;) {
  const size = 1 + Math.floor(Math.random() * 50);
  const batch = Array.from({ length: size }, (_, i) => Buffer.from(JSON.stringify({ n: n + i, pad: 'p'.repeat(Math.floor(Math.random() * 300)) })));
  await spool.append(batch);
  n += size;
  process.stdout.write(`acked ${n - 1}\n`);
}
