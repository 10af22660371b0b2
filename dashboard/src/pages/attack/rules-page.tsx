// ATT&CK rules: what each rule looks at and emits, with its run-time state; admins enable/disable a
// rule and cap its confidence (ingest on every instance applies it within seconds).
import { useState } from 'preact/hooks';
import { Attack, type AttackRuleView } from '../../api/attack-api';
import { AsyncView } from '../../components/async-view';
import { Badge, TagList } from '../../components/badge';
import { Card } from '../../components/card';
import { PageHeader } from '../../components/page-header';
import { Table, type Column } from '../../components/table';
import { toast } from '../../components/toast';
import { errorLine } from '../../format/errors';
import { useAsync } from '../../hooks/use-async';
import './attack.css';

function CapInput({ rule, disabled, onSave }: { rule: AttackRuleView; disabled: boolean; onSave(v: number | null): void }) {
  const [v, setV] = useState(rule.confidenceMax === null ? '' : String(rule.confidenceMax));
  const commit = () => {
    const t = v.trim();
    const n = t === '' ? null : Number(t);
    if (n !== null && (!Number.isFinite(n) || n < 0 || n > 1)) return toast('Cap must be between 0 and 1', 'bad');
    if (n !== rule.confidenceMax) onSave(n);
  };
  return (
    <input class="attack-cap mono" aria-label={`Confidence cap of ${rule.id}`} placeholder="none" inputMode="decimal" value={v} disabled={disabled}
      onInput={(e) => setV(e.currentTarget.value)} onBlur={commit} onKeyDown={(e) => e.key === 'Enter' && commit()} />
  );
}

export function AttackRulesPage({ isAdmin }: { isAdmin: boolean }) {
  const state = useAsync(() => Attack.rules(), []);
  const save = async (r: AttackRuleView, patch: { enabled?: boolean; confidenceMax?: number | null }) => {
    try {
      await Attack.patchRule(r.id, patch);
      toast(`${r.id} updated`);
    } catch (err) {
      toast(errorLine(err), 'bad');
    }
    state.reload();
  };
  const columns: Column<AttackRuleView>[] = [
    { key: 'id', header: 'Rule', sortValue: (r) => r.id, render: (r) => (<span><span class="mono strong">{r.id}</span> <span class="muted small">v{r.version}</span><br />{r.name}</span>) },
    { key: 'applies', header: 'Looks at', render: (r) => <TagList items={r.appliesTo} tone="info" /> },
    { key: 'techniques', header: 'Emits', render: (r) => (<span>{r.techniques.map((t, i) => (<span key={t.id} title={t.name}>{i > 0 && ', '}<span class="mono">{t.id}</span></span>))}<br /><span class="muted small">{r.description}</span></span>) },
    { key: 'confidence', header: 'Confidence', align: 'right', render: (r) => r.emits.map((e) => e.confidence).join(' / ') },
    { key: 'cap', header: 'Cap', render: (r) => <CapInput key={`${r.id}:${r.confidenceMax}`} rule={r} disabled={!isAdmin} onSave={(v) => save(r, { confidenceMax: v })} /> },
    {
      key: 'enabled', header: 'Enabled', sortValue: (r) => (r.enabled ? 1 : 0),
      render: (r) => isAdmin
        ? <label class="checkbox"><input type="checkbox" aria-label={`Enable ${r.id}`} checked={r.enabled} onChange={(e) => save(r, { enabled: e.currentTarget.checked })} /> {r.enabled ? 'on' : 'off'}</label>
        : <Badge tone={r.enabled ? 'ok' : 'neutral'}>{r.enabled ? 'on' : 'off'}</Badge>,
    },
  ];
  return (
    <>
      <PageHeader title="ATT&CK rules" subtitle={state.data ? `${state.data.items.length} rules, ${state.data.release}. Tags already stored keep their evidence; changes apply to new events.` : undefined} />
      <Card flush>
        <AsyncView state={state}>{(d) => <Table caption="ATT&CK rules" columns={columns} rows={d.items} rowKey={(r) => r.id} dense />}</AsyncView>
      </Card>
    </>
  );
}
