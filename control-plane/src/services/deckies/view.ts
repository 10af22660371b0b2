// The public view of a decky: what was asked for (desired) next to what its agent reports.
import type { Decky } from '@decnet/protocol';
import type { DeckyRow } from '../../db/schema';

/** The API's Decky (protocol): the compiler keeps this view and the OpenAPI schema in step. */
export type DeckyView = Decky;

export function toDeckyView(d: DeckyRow): DeckyView {
  return {
    id: d.id,
    name: d.name,
    hostId: d.hostId,
    archetype: d.archetype,
    services: JSON.parse(d.servicesJson) as string[],
    serviceConfig: JSON.parse(d.serviceConfigJson) as Record<string, Record<string, string>>,
    nmapOs: d.nmapOs,
    mutateIntervalMin: d.mutateIntervalMin,
    ip: d.ip,
    reported:
      d.reportedState && d.reportedAtMs != null
        ? {
            state: d.reportedState,
            services: d.reportedServicesJson ? (JSON.parse(d.reportedServicesJson) as string[]) : [],
            error: d.reportedError,
            at: new Date(d.reportedAtMs).toISOString(),
          }
        : null,
    createdAt: new Date(d.createdAtMs).toISOString(),
    updatedAt: new Date(d.updatedAtMs).toISOString(),
  };
}
