// Where the high-interaction supervisor's observations become the decky's events: the runner's bound
// event log (same RFC 5424 lines, HOSTNAME = decky, APP-NAME = ssh or telnet), the runner's artifact
// store, and per-connection session ids so a connection's auth attempts, commands and recording share one id.
import { createHash, randomBytes } from 'node:crypto';
import { ArtifactStore } from '../runner/artifacts';
import type { EventLog } from '../runner/event-log';
import type { EventFields } from '../template';

export interface Attribution {
  service: string;
  ip: string;
  port: number;
  user: string;
  sessionId: string;
  atMs: number;
}

export class HiReporter {
  /** Per container start: the same connection gets the same id, another start another one. */
  private readonly salt = randomBytes(8).toString('hex');
  /** The last connection seen doing something (auth success, exec, session): who dropped a file. */
  last: Attribution | undefined;

  constructor(
    private readonly log: EventLog,
    private readonly artifacts: ArtifactStore,
    private readonly service = 'ssh',
    /** stored_as is relative to the decky's artifacts dir; this container writes below `<prefix>`. */
    private readonly storedPrefix = 'hi/',
    private readonly now: () => Date = () => new Date(),
  ) {}

  sessionIdFor(src: { ip: string; port: number } | undefined): string {
    const key = src ? `${src.ip}:${src.port}` : randomBytes(8).toString('hex');
    return createHash('sha256').update(`${this.salt}\0${key}`).digest('hex').slice(0, 16);
  }

  emit(src: { ip: string; port: number } | undefined, sessionId: string, msgid: string, fields: EventFields, service = this.service): void {
    this.log.write({ service, ...(src && { srcIp: src.ip, srcPort: src.port }), sessionId }, msgid, fields);
  }

  /** Marks `src` as the latest active connection (file drops are attributed to it). */
  touch(src: { ip: string; port: number } | undefined, user: string, sessionId: string, service = this.service): void {
    if (src) this.last = { ...src, service, user, sessionId, atMs: this.now().getTime() };
  }

  /** Stores a captured file under the decky's artifacts; its path relative to them, or undefined. */
  async store(name: string, data: Uint8Array, service = this.service): Promise<string | undefined> {
    const a = await this.artifacts.capture(service, name, data, this.now());
    return a.storedAs && `${this.storedPrefix}${a.storedAs}`;
  }

  async capture(name: string, data: Uint8Array, service = this.service): Promise<{ sha256: string; storedAs: string | undefined }> {
    const a = await this.artifacts.capture(service, name, data, this.now());
    return { sha256: a.sha256, storedAs: a.storedAs && `${this.storedPrefix}${a.storedAs}` };
  }
}
