// Which deckies the self-test scans and where: specs from the desired state the agent applied (the
// control plane's or the local fleet file), addresses and ports from the local runtime's state, or
// for docker deckies their own address with each service's real ports.
import type { DeckySpec } from '@decnet/protocol';
import { serviceListeners } from '@decnet/templates';
import type { LocalDeckyState } from '../runtime/local/state-file';
import type { SelftestTarget } from './observe';

export function selftestTargets(specs: readonly DeckySpec[], local: readonly LocalDeckyState[] | undefined, only?: readonly string[]): SelftestTarget[] {
  const out: SelftestTarget[] = [];
  for (const spec of specs) {
    if (only && !only.includes(spec.name)) continue;
    const running = local?.find((d) => d.name === spec.name);
    if (running) {
      out.push({ spec, host: running.address, endpoints: running.endpoints.map((e) => ({ service: e.service, port: e.port })) });
      continue;
    }
    if (!spec.ip) continue;
    const endpoints = spec.services.flatMap((service) => (serviceListeners(service) ?? []).filter((l) => l.transport === 'tcp').slice(0, 1).map((l) => ({ service, port: l.port })));
    out.push({ spec, host: spec.ip, endpoints });
  }
  return out;
}
