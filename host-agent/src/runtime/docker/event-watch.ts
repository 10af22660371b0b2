// Keeps report() current between convergences: docker's event stream for managed containers
// triggers a (debounced) re-list; the stream is reopened after errors while the runtime is open.
import type Dockerode from 'dockerode';
import { labelKeys } from './options';

const DEBOUNCE_MS = 200;
const RETRY_MS = 5_000;

export class EventWatch {
  private stream: NodeJS.ReadableStream | undefined;
  private running = false;
  private debounce: NodeJS.Timeout | undefined;
  private retry: NodeJS.Timeout | undefined;

  constructor(
    private readonly docker: Dockerode,
    private readonly labelPrefix: string,
    private readonly onChange: () => Promise<void>,
    private readonly warn: (m: string) => void,
  ) {}

  start(): void {
    if (this.running) return;
    this.running = true;
    void this.open();
  }

  stop(): void {
    this.running = false;
    clearTimeout(this.debounce);
    clearTimeout(this.retry);
    (this.stream as (NodeJS.ReadableStream & { destroy?: () => void }) | undefined)?.destroy?.();
    this.stream = undefined;
  }

  private async open(): Promise<void> {
    try {
      const filters: Dockerode.GetEventsOptions['filters'] = { type: ['container'], label: [`${labelKeys(this.labelPrefix).managed}=true`] };
      const s = await this.docker.getEvents({ filters });
      if (!this.running) {
        (s as NodeJS.ReadableStream & { destroy?: () => void }).destroy?.();
        return;
      }
      this.stream = s;
      this.changed(); // whatever happened while we were not listening (e.g. a daemon restart)
      s.on('data', () => this.changed());
      s.on('error', () => undefined);
      s.on('close', () => this.reopen());
      s.on('end', () => this.reopen());
    } catch (e) {
      this.warn(`docker events: ${(e as Error).message}`);
      this.reopen();
    }
  }

  private changed(): void {
    if (this.debounce) return;
    this.debounce = setTimeout(() => {
      this.debounce = undefined;
      void this.onChange();
    }, DEBOUNCE_MS);
    this.debounce.unref();
  }

  private reopen(): void {
    if (!this.running || this.retry) return;
    this.stream = undefined;
    this.retry = setTimeout(() => {
      this.retry = undefined;
      if (this.running) void this.open();
    }, RETRY_MS);
    this.retry.unref();
  }
}
