// What makes a running decky need a restart: a stable (key-sorted) serialisation of the fields its
// runner is started with. The mutate interval is not one of them.
import type { DeckySpec } from '@decnet/protocol';

function stable(v: unknown): unknown {
  if (Array.isArray(v)) return v.map(stable);
  if (v && typeof v === 'object') {
    return Object.fromEntries(Object.keys(v).sort().map((k) => [k, stable((v as Record<string, unknown>)[k])]));
  }
  return v;
}

export function deckyKey(spec: DeckySpec): string {
  const { services, serviceConfig, archetype, nmapOs, ip } = spec;
  return JSON.stringify(stable({ services, serviceConfig, archetype, nmapOs, ip }));
}
