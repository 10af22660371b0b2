// The new-topology form: generator parameters typed as text, checked against the generator's
// bounds (protocol's TopologyGenerateParamsSchema) before asking the API for a preview.
import type { TopologyGenerateParams } from '@decnet/protocol';

export interface GenerateForm {
  seed: string;
  depth: string;
  branching: string;
  deckiesPerLan: string;
  forwardProbability: string;
  crossEdgeProbability: string;
  subnetBase: string;
  randomServices: boolean;
}

export const DEFAULT_GENERATE: GenerateForm = {
  seed: '1',
  depth: '2',
  branching: '2',
  deckiesPerLan: '2',
  forwardProbability: '1',
  crossEdgeProbability: '0',
  subnetBase: '10.100.0.0/24',
  randomServices: false,
};

const NAME_RE = /^[a-z0-9](?:[a-z0-9-]{0,22}[a-z0-9])?$/;
export const topologyNameProblem = (name: string): string | null => (NAME_RE.test(name) ? null : 'Name: lower-case letters, digits and -, at most 24.');

function int(label: string, text: string, min: number, max: number): number | string {
  const t = text.trim();
  if (!/^\d{1,10}$/.test(t) || Number(t) < min || Number(t) > max) return `${label}: a whole number from ${min} to ${max}.`;
  return Number(t);
}

function prob(label: string, text: string): number | string {
  const t = text.trim();
  const n = Number(t);
  return t !== '' && Number.isFinite(n) && n >= 0 && n <= 1 ? n : `${label}: a probability from 0 to 1.`;
}

/** The generator's parameters, or the first problem. */
export function paramsOf(name: string, hostId: string, f: GenerateForm): { params: TopologyGenerateParams } | { problem: string } {
  const nameProblem = topologyNameProblem(name.trim());
  if (nameProblem) return { problem: nameProblem };
  if (!hostId) return { problem: 'Pick a host.' };
  const values = [
    int('Seed', f.seed, 0, 2 ** 31 - 1),
    int('Depth', f.depth, 0, 6),
    int('Branching', f.branching, 1, 4),
    int('Deckies per LAN', f.deckiesPerLan, 1, 32),
    prob('Forward probability', f.forwardProbability),
    prob('Cross-edge probability', f.crossEdgeProbability),
  ];
  const bad = values.find((v) => typeof v === 'string');
  if (bad !== undefined) return { problem: bad as string };
  if (!/^\d{1,3}(\.\d{1,3}){3}\/\d{1,2}$/.test(f.subnetBase.trim())) return { problem: 'Subnet base: an IPv4 CIDR such as 10.100.0.0/24.' };
  const [seed, depth, branching, deckiesPerLan, forwardProbability, crossEdgeProbability] = values as number[];
  return {
    params: { name: name.trim(), hostId, seed: seed!, depth: depth!, branching: branching!, deckiesPerLan: deckiesPerLan!, forwardProbability: forwardProbability!, crossEdgeProbability: crossEdgeProbability!, subnetBase: f.subnetBase.trim(), randomServices: f.randomServices },
  };
}
