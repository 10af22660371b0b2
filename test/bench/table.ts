// Benchmark result rows and the table `npm run bench` prints.
export interface BenchRow {
  name: string;
  value: string;
  target?: string;
  /** undefined when the row has no target. */
  met?: boolean;
  /** The row's share of the machine's ceiling measured in the same run (e.g. "54 % of native insert"). */
  share?: string;
  note?: string;
}

export function printTable(rows: BenchRow[]): void {
  const head = ['benchmark', 'result', 'share of ceiling', 'target', 'met', 'note'];
  const cells = rows.map((r) => [r.name, r.value, r.share ?? '', r.target ?? '', r.met === undefined ? '' : r.met ? 'yes' : 'NO', r.note ?? '']);
  const widths = head.map((h, i) => Math.max(h.length, ...cells.map((c) => c[i]!.length)));
  const line = (c: string[]) => '| ' + c.map((v, i) => v.padEnd(widths[i]!)).join(' | ') + ' |';
  console.log(line(head));
  console.log('|' + widths.map((w) => '-'.repeat(w + 2)).join('|') + '|');
  for (const c of cells) console.log(line(c));
}
