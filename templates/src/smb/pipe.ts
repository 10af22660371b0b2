// One open named pipe on IPC$ (message mode): bytes written are DCE/RPC PDUs for srvsvc; replies
// queue as whole messages that READ (or IOCTL FSCTL_PIPE_TRANSCEIVE) hands back, a long one in
// pieces with STATUS_BUFFER_OVERFLOW as Windows does. Inbound and queued bytes are bounded.
import { bindAck, RPC_PTYPE, splitPdus, srvsvcRequest, type RpcCall, type ServerInfo } from './dcerpc';
import type { Share } from './shares';

const MAX_INBOUND = 64 * 1024;
const MAX_QUEUED = 16;

export class NamedPipe {
  private inbound: Buffer = Buffer.alloc(0);
  private readonly queue: Buffer[] = [];
  bound = false;

  constructor(
    readonly name: string,
    private readonly shares: readonly Share[],
    private readonly server: ServerInfo,
    private readonly assocGroup: number,
    private readonly onCall: (call: RpcCall) => void,
  ) {}

  /** Takes written bytes; false when the peer broke the RPC framing or overran the bounds. */
  write(data: Buffer): boolean {
    if (this.inbound.length + data.length > MAX_INBOUND) return false;
    this.inbound = Buffer.concat([this.inbound, data]);
    const { pdus, rest, bad } = splitPdus(this.inbound);
    this.inbound = rest;
    for (const p of pdus) {
      if (this.queue.length >= MAX_QUEUED) return false;
      if (p.ptype === RPC_PTYPE.BIND || p.ptype === RPC_PTYPE.ALTER) {
        this.bound = true;
        this.queue.push(bindAck(p, this.assocGroup, this.name));
      } else if (p.ptype === RPC_PTYPE.REQUEST && this.bound) {
        const { out, call } = srvsvcRequest(p, this.shares, this.server);
        this.onCall(call);
        this.queue.push(...out);
      } else return false;
    }
    return !bad;
  }

  get pending(): boolean {
    return this.queue.length > 0;
  }

  /** Up to `max` bytes of the next message; `more` when the message continues (BUFFER_OVERFLOW). */
  read(max: number): { data: Buffer; more: boolean } | undefined {
    const head = this.queue[0];
    if (!head) return undefined;
    if (head.length <= max) {
      this.queue.shift();
      return { data: head, more: false };
    }
    this.queue[0] = head.subarray(max);
    return { data: head.subarray(0, max), more: true };
  }
}
