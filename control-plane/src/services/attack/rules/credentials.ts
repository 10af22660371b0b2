// Credential rules (DECNET R0001–R0006): brute force, guessing, spraying and stuffing are behaviour
// over the folded aggregates; a successful login and a default account are judged per event.
import type { RepoRule } from './types';

const DEFAULT_PAIRS = ['root:root', 'root:admin', 'root:toor', 'root:password', 'root:123456', 'root:', 'admin:admin', 'admin:password', 'admin:1234', 'admin:', 'ubuntu:ubuntu', 'ubuntu:admin', 'pi:raspberry', 'user:user', 'guest:guest', 'test:test', 'oracle:oracle', 'postgres:postgres', 'sa:', 'support:support', 'ftp:ftp', 'anonymous:', 'default:default', 'cisco:cisco', 'ubnt:ubnt', 'vagrant:vagrant'];

export const credentialRules: RepoRule[] = [
  {
    id: 'R0001', version: 1, name: 'auth_brute_force', description: 'Many authentication attempts from one source (all services).',
    appliesTo: ['behaviour'], match: { kind: 'detector', name: 'brute_force', params: { min_attempts: 10 } },
    emits: [{ tactic: 'credential-access', technique: 'T1110', confidence: 0.7 }], evidence: ['auth_count'],
    examples: { match: [{ authCount: 10 }, { authCount: 5000 }], noMatch: [{ authCount: 9 }, {}] },
  },
  {
    id: 'R0002', version: 1, name: 'password_guessing', description: 'Several different passwords tried against one account.',
    appliesTo: ['behaviour'], match: { kind: 'detector', name: 'password_guessing', params: { min_secrets: 5 } },
    emits: [{ tactic: 'credential-access', technique: 'T1110', subTechnique: 'T1110.001', confidence: 0.85 }], evidence: ['principal', 'secret_count'],
    examples: { match: [{ secretsPerPrincipal: 5 }, { secretsPerPrincipal: 40 }], noMatch: [{ secretsPerPrincipal: 4 }, { principalsPerSecret: 30 }] },
  },
  {
    id: 'R0003', version: 1, name: 'password_spraying', description: 'One password tried against many accounts.',
    appliesTo: ['behaviour'], match: { kind: 'detector', name: 'password_spraying', params: { min_principals: 5 } },
    emits: [{ tactic: 'credential-access', technique: 'T1110', subTechnique: 'T1110.003', confidence: 0.85 }], evidence: ['secret', 'principal_count'],
    examples: { match: [{ principalsPerSecret: 5 }], noMatch: [{ principalsPerSecret: 4 }, { secretsPerPrincipal: 50 }] },
  },
  {
    id: 'R0004', version: 1, name: 'credential_stuffing', description: 'The same credential pair tried on two or more deckies or services (reuse).',
    appliesTo: ['behaviour'], match: { kind: 'detector', name: 'credential_stuffing', params: { min_targets: 2 } },
    emits: [{ tactic: 'credential-access', technique: 'T1110', subTechnique: 'T1110.004', confidence: 0.6 }], evidence: ['principal', 'target_count'],
    examples: { match: [{ credentialTargets: 2 }, { credentialTargets: 9 }], noMatch: [{ credentialTargets: 1 }, {}] },
  },
  {
    id: 'R0005', version: 1, name: 'valid_account', description: 'A login that succeeded: the attacker holds a working account.',
    appliesTo: ['credential'], match: { kind: 'detector', name: 'login_success', params: {} },
    emits: [{ tactic: 'initial-access', technique: 'T1078', confidence: 0.6 }], evidence: ['principal', 'service'],
    examples: { match: [{ principal: 'deploy', secret: 'S3cure!', outcome: 'success' }], noMatch: [{ principal: 'deploy', secret: 'x', outcome: 'failure' }, { principal: 'root', secret: 'root', outcome: null }] },
  },
  {
    id: 'R0006', version: 1, name: 'default_credentials', description: 'A successful login with a vendor or distribution default account.',
    appliesTo: ['credential'], match: { kind: 'detector', name: 'default_credential', params: { pairs: DEFAULT_PAIRS } },
    emits: [{ tactic: 'initial-access', technique: 'T1078', subTechnique: 'T1078.001', confidence: 0.8 }], evidence: ['principal', 'service'],
    examples: {
      match: [{ principal: 'root', secret: 'admin', outcome: 'success' }, { principal: 'pi', secret: 'raspberry', outcome: 'success' }],
      noMatch: [{ principal: 'root', secret: 'admin', outcome: 'failure' }, { principal: 'root', secret: 'Xk9#long', outcome: 'success' }],
    },
  },
];
