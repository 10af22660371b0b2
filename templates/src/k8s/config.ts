// Config of the k8s template. DECNET declares no keys for it (inventory §1.3); ours: the claimed
// `version`; `anonymous` = what system:anonymous may do (`read`: discovery and every list but secrets,
// the misconfiguration attackers hunt for; `none`: only /version and health, as kubeadm ships);
// `token` = how a presented bearer token fares (`bait`: accepted, secrets listed; `reject`: 401).
import { z } from 'zod';
import { KUBE_VERSIONS } from './versions';

export const k8sConfigSchema = z
  .object({
    version: z.enum(KUBE_VERSIONS).optional(),
    anonymous: z.enum(['read', 'none']).default('read'),
    token: z.enum(['bait', 'reject']).default('bait'),
  })
  .strip();

export type K8sConfig = z.infer<typeof k8sConfigSchema>;
