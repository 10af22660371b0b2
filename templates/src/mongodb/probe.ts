// A legacy OP_QUERY buildinfo on admin.$cmd (still allowed by every mongod release), used as the
// runner smoke test's opener for this service.
import { encodeDocument, Int32 } from './bson';
import { OP } from './parser';

export function buildInfoProbe(requestId = 1): Uint8Array {
  const doc = encodeDocument({ buildinfo: new Int32(1) });
  const ns = Buffer.from('admin.$cmd\0', 'latin1');
  const body = Buffer.concat([Buffer.alloc(4), ns, Buffer.from([0, 0, 0, 0, 0xff, 0xff, 0xff, 0xff]), doc]);
  const head = Buffer.alloc(16);
  head.writeInt32LE(16 + body.length, 0);
  head.writeInt32LE(requestId, 4);
  head.writeInt32LE(OP.QUERY, 12);
  return Uint8Array.from(Buffer.concat([head, body]));
}
