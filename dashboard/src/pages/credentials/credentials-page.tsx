// Credentials: every captured secret (searchable, by kind, paginated) and the reuse findings
// (the same secret tried on several deckies or services).
import { useState } from 'preact/hooks';
import { PageHeader } from '../../components/page-header';
import { TabPanel, Tabs } from '../../components/tabs';
import { CapturedCredentials } from './captured-credentials';
import { ReuseFindings } from './reuse-findings';

export function CredentialsPage() {
  const [tab, setTab] = useState('captured');
  return (
    <>
      <PageHeader title="Credentials" subtitle="Secrets attackers submitted to the deckies, and where they reused them." />
      <Tabs
        idPrefix="creds"
        tabs={[
          { key: 'captured', label: 'Captured' },
          { key: 'reuse', label: 'Reuse findings' },
        ]}
        active={tab}
        onChange={setTab}
      />
      <TabPanel idPrefix="creds" active={tab}>
        {tab === 'captured' ? <CapturedCredentials /> : <ReuseFindings />}
      </TabPanel>
    </>
  );
}
