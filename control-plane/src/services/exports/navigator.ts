// ATT&CK Navigator layer (layer format 4.5) for an export: each technique with its tactic, scored by
// how many attackers used it, with the tags' counts and rule ids as metadata.
import { ATTACK_RELEASE, attackTechnique } from '@decnet/protocol';
import type { ExportData } from './gather';

const LAYER_VERSION = '4.5';
const NAVIGATOR_VERSION = '5.1.0';

export function navigatorLayer(data: ExportData, name: string): Record<string, unknown> {
  const cells = new Map<string, { techniqueID: string; tactic: string; attackers: Set<string>; count: number; rules: Set<string> }>();
  for (const t of data.tags) {
    const key = `${t.techniqueId}|${t.tactic}`;
    let c = cells.get(key);
    if (!c) cells.set(key, (c = { techniqueID: t.techniqueId, tactic: t.tactic, attackers: new Set(), count: 0, rules: new Set() }));
    c.attackers.add(t.attackerId);
    c.count += t.count;
    if (c.rules.size < 32) c.rules.add(t.ruleId);
  }
  const maxScore = Math.max(1, ...[...cells.values()].map((c) => c.attackers.size));
  const release = ATTACK_RELEASE.match(/(\d+)(?:\.\d+)?$/)?.[1] ?? '17';
  return {
    name,
    versions: { attack: release, navigator: NAVIGATOR_VERSION, layer: LAYER_VERSION },
    domain: 'enterprise-attack',
    description: `Techniques DECNET-TS tagged (${ATTACK_RELEASE}); score = attackers that used the technique.`,
    sorting: 3,
    layout: { layout: 'side', showID: true, showName: true },
    hideDisabled: false,
    techniques: [...cells.values()]
      .sort((a, b) => a.techniqueID.localeCompare(b.techniqueID) || a.tactic.localeCompare(b.tactic))
      .map((c) => ({
        techniqueID: c.techniqueID,
        tactic: c.tactic,
        score: c.attackers.size,
        color: '',
        comment: attackTechnique(c.techniqueID)?.fullName ?? '',
        enabled: true,
        metadata: [
          { name: 'attackers', value: String(c.attackers.size) },
          { name: 'matches', value: String(c.count) },
          { name: 'rules', value: [...c.rules].sort().join(', ') },
        ],
        showSubtechniques: false,
      })),
    gradient: { colors: ['#fff7ec', '#fc8d59', '#b30000'], minValue: 0, maxValue: maxScore },
    legendItems: [],
    metadata: [{ name: 'generated_by', value: 'DECNET-TS' }],
    showTacticRowBackground: false,
    selectTechniquesAcrossTactics: true,
    selectSubtechniquesWithParent: false,
  };
}
