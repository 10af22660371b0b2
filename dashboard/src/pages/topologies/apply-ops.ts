// Protocol's own pure topology helpers, shared with the control plane so the editor previews
// exactly what the server computes: the op applier (staged-change preview) and subnet arithmetic.
// Imported by path: these modules have type-only imports, so no zod or other protocol runtime enters the bundle.
export { applyTopologyOps, isLiveStatus } from '../../../../protocol/src/fleet/topology-apply';
export { nextFreeAddress } from '../../../../protocol/src/fleet/topology-net';
