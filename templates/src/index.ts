// @decnet/templates: the emulated services, the per-decky runner and persona derivation. The host
// agent imports the runner and the registry from here; templates stay behind the registry.
export type { Template, TemplateContext, SessionHandle, SessionLimits, EventFields, CapturedArtifact, PrepareInfo } from './template';
export type { Persona, PersonaLogin, ServicePersonas } from './persona/types';
export { derivePersona, derivePersonas, type DerivePersonaInput, type ServiceConfigMap } from './persona/derive';
export { personaContradictions, osKindOf, type Contradiction, type Observations, type LayerText } from './persona/consistency';
export { personaClaim } from './persona/observe';
export { stackProfileOf, personaTtl } from './persona/stack-profile';
export { SERVICES, serviceDefinition, serviceListeners, templateFor, registeredServices, type ServiceListener, type AnyTemplate, type RegisteredService } from './registry';
export type { ServiceDefinition, PersonaBasis, WindowsIdentity } from './service';
export { startDeckyRunner, DEFAULT_LIMITS, type DeckyRunner, type DeckyRunnerOptions, type ListenerSpec, type BoundListener } from './runner/runner';
export { parseRunnerArgs, type RunnerArgs } from './runner/cli-args';
