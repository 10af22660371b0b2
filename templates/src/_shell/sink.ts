// A bounded text buffer standing in for a file descriptor's destination (terminal, pipe, capture):
// writes past the limit are dropped, like output lost to a closed pipe, so nothing grows unbounded.

export class Sink {
  private readonly parts: string[] = [];
  private size = 0;

  constructor(private readonly limit: number) {}

  write(text: string): void {
    if (text === '' || this.size >= this.limit) return;
    const room = this.limit - this.size;
    const chunk = text.length > room ? text.slice(0, room) : text;
    this.parts.push(chunk);
    this.size += chunk.length;
  }

  text(): string {
    return this.parts.join('');
  }

  get length(): number {
    return this.size;
  }
}

/** Two sinks (stdout, stderr) that also remember the order of writes, for captured scripts. */
export class OrderedCapture {
  readonly chunks: Array<[1 | 2, string]> = [];
  readonly out: Sink;
  readonly err: Sink;

  constructor(limit: number) {
    const record = (fd: 1 | 2, sink: Sink): Sink => {
      const write = sink.write.bind(sink);
      sink.write = (text: string): void => {
        const before = sink.length;
        write(text);
        const taken = sink.length - before;
        if (taken > 0) this.chunks.push([fd, text.slice(0, taken)]);
      };
      return sink;
    };
    this.out = record(1, new Sink(limit));
    this.err = record(2, new Sink(limit));
  }
}
