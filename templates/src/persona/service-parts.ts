// Asks every registered service for its part of a persona: its identity strings, and the daemons
// `ps` shows for the services the decky runs (one daemon where services share one, e.g. http/https).
import type { ShellProcessSeed } from '../_shell/persona';
import { registeredServices, serviceDefinition, SERVICES, type ServicePersonas } from '../registry';
import type { PersonaBasis } from '../service';

export function servicePersonas(basis: PersonaBasis): ServicePersonas {
  const out: Record<string, unknown> = {};
  for (const slug of registeredServices()) out[slug] = SERVICES[slug].persona(basis);
  return out as ServicePersonas;
}

/** Processes for each service slug; services without a definition contribute nothing. */
export function serviceProcesses(services: readonly string[], basis: PersonaBasis): ShellProcessSeed[] {
  const daemons = new Set(services.map((s) => serviceDefinition(s)?.daemonOf ?? s));
  return [...daemons].flatMap((s) => serviceDefinition(s)?.processes?.(basis) ?? []);
}
