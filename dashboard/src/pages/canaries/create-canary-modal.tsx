// New canary token: generator, memo, optional username, and optionally a decky + path to plant it
// on at once (the generator's plausible paths offered).
import { useState } from 'preact/hooks';
import { Canaries, type CanaryGenerator, type CanaryGeneratorInfoList, type CanaryToken } from '../../api/canary-api';
import type { Decky } from '../../api/types';
import { Field } from '../../components/field';
import { Modal } from '../../components/modal';
import { Spinner } from '../../components/spinner';
import { errorLine } from '../../format/errors';
import { labelOf } from './labels';
import { PlantFields } from './plant-fields';

type Info = CanaryGeneratorInfoList['items'][number];

export function CreateCanaryModal({ generators, deckies, onClose, onCreated }: { generators: CanaryGeneratorInfoList; deckies: readonly Decky[]; onClose(): void; onCreated(t: CanaryToken, plantError?: string): void }) {
  const [generator, setGenerator] = useState<CanaryGenerator>(generators.items.find((g) => g.generator === 'env')?.generator ?? generators.items[0]!.generator);
  const [memo, setMemo] = useState('');
  const [principal, setPrincipal] = useState('');
  const [decky, setDecky] = useState('');
  const [path, setPath] = useState('');
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<string | null>(null);
  const info: Info | undefined = generators.items.find((g) => g.generator === generator);
  const takesPrincipal = ['env', 'git_config', 'mysql_dump', 'credential', 'ssh_key'].includes(generator);
  const submit = async (e: Event) => {
    e.preventDefault();
    setBusy(true);
    setError(null);
    let token: CanaryToken;
    try {
      token = await Canaries.create({ generator, memo: memo.trim(), ...(takesPrincipal && principal.trim() ? { principal: principal.trim() } : {}) });
    } catch (err) {
      setError(errorLine(err));
      setBusy(false);
      return;
    }
    let plantError: string | undefined;
    if (info?.plantable && decky) {
      try {
        await Canaries.plant(token.id, { decky, ...(path.trim() ? { path: path.trim() } : {}) });
      } catch (err) {
        plantError = errorLine(err);
      }
    }
    onCreated(token, plantError);
  };
  const footer = (
    <>
      <button type="button" class="btn btn-ghost" onClick={onClose}>Cancel</button>
      <button type="submit" form="canary-form" class="btn btn-primary" disabled={busy}>
        {busy && <Spinner size={14} />} Create token
      </button>
    </>
  );
  return (
    <Modal title="New canary token" onClose={onClose} footer={footer} wide>
      <form id="canary-form" class="stack" onSubmit={submit}>
        <Field label="Generator" hint={info ? `Kind: ${info.kind}${info.plantable ? '' : ' · download it and place it yourself'}` : undefined}>
          <select name="generator" value={generator} onChange={(e) => (setGenerator(e.currentTarget.value as CanaryGenerator), setPath(''))}>
            {generators.items.map((g) => <option key={g.generator} value={g.generator}>{labelOf(g.generator)}</option>)}
          </select>
        </Field>
        <Field label="Memo" hint="Where you put it and why: shown with every trigger and in the webhook.">
          <input name="memo" value={memo} maxLength={500} onInput={(e) => setMemo(e.currentTarget.value)} autoFocus />
        </Field>
        {takesPrincipal && (
          <Field label="Username" hint="Optional: the account name written into the bait (a plausible one otherwise).">
            <input name="principal" value={principal} maxLength={128} onInput={(e) => setPrincipal(e.currentTarget.value)} />
          </Field>
        )}
        {info?.plantable && <PlantFields deckies={deckies} decky={decky} path={path} paths={info.paths} optional onDecky={setDecky} onPath={setPath} />}
        {error && <p class="form-error" role="alert">{error}</p>}
      </form>
    </Modal>
  );
}
