// The mutator's overlay on the desired deckies: each decky's current (rotated) services and when it
// last changed, persisted (`<dataDir>/mutator-state.json`) so a restart keeps the rotation. A change
// of the desired spec itself resets its entry: the source of truth wins over a past rotation.
import type { DeckySpec } from '@decnet/protocol';
import { readFileSync, renameSync, writeFileSync } from 'node:fs';
import { deckyKey } from '../../runtime/local/decky-key';

interface Entry {
  baseKey: string;
  services?: string[];
  lastMutatedMs: number;
}

export class MutationState {
  private entries = new Map<string, Entry>();
  lastError: string | undefined;

  constructor(private readonly file: string) {
    try {
      const raw = JSON.parse(readFileSync(file, 'utf8')) as { deckies?: Record<string, Entry> };
      for (const [name, e] of Object.entries(raw.deckies ?? {})) {
        if (typeof e?.baseKey === 'string' && Number.isFinite(e.lastMutatedMs)) this.entries.set(name, e);
      }
    } catch {
      // first start, or unreadable: rotation starts afresh
    }
  }

  /** Aligns with the desired set; returns true when anything changed. */
  sync(deckies: readonly DeckySpec[], nowMs: number): boolean {
    let changed = false;
    const names = new Set(deckies.map((d) => d.name));
    for (const name of this.entries.keys()) {
      if (!names.has(name)) changed = this.entries.delete(name) || changed;
    }
    for (const d of deckies) {
      const key = deckyKey(d);
      if (this.entries.get(d.name)?.baseKey === key) continue;
      this.entries.set(d.name, { baseKey: key, lastMutatedMs: nowMs });
      changed = true;
    }
    return changed;
  }

  effective(d: DeckySpec): DeckySpec {
    const services = this.entries.get(d.name)?.services;
    return services ? { ...d, services } : d;
  }

  due(d: DeckySpec, nowMs: number): boolean {
    const e = this.entries.get(d.name);
    return Boolean(d.mutateIntervalMin && e && nowMs - e.lastMutatedMs >= d.mutateIntervalMin * 60_000);
  }

  mutated(name: string, services: string[], nowMs: number): void {
    const e = this.entries.get(name);
    if (e) this.entries.set(name, { ...e, services, lastMutatedMs: nowMs });
  }

  save(): void {
    try {
      writeFileSync(`${this.file}.tmp`, JSON.stringify({ v: 1, deckies: Object.fromEntries(this.entries) }), { mode: 0o600 });
      renameSync(`${this.file}.tmp`, this.file);
      this.lastError = undefined;
    } catch (e) {
      this.lastError = (e as Error).message;
    }
  }
}
