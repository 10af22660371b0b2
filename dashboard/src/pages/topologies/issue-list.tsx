// A 422's validation issues (`error.details.issues`), each naming its field and objects, as text.
import type { TopologyIssue } from '@decnet/protocol';
import { ApiError } from '../../api';

export function issuesOf(err: unknown): TopologyIssue[] | null {
  if (!(err instanceof ApiError) || err.status !== 422) return null;
  const issues = (err.details as { issues?: unknown } | undefined)?.issues;
  return Array.isArray(issues) && issues.length ? (issues as TopologyIssue[]) : null;
}

export function IssueList({ issues, intro }: { issues: TopologyIssue[]; intro: string }) {
  return (
    <div class="form-error" role="alert">
      <p>{intro}</p>
      <ul>
        {issues.map((i, k) => (
          <li key={k}>
            {i.message}
            {i.objects.length > 0 && <span class="mono"> ({i.objects.join(', ')})</span>}
            <span class="muted small"> · {i.field}</span>
          </li>
        ))}
      </ul>
    </div>
  );
}
