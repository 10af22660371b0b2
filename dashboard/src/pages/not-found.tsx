// Unknown path (or a page the user's role cannot open).
import { EmptyState } from '../components/empty-state';
import { Link } from '../router/router';

export function NotFoundPage() {
  return (
    <EmptyState icon="alert" title="Page not found">
      Nothing lives at this address. <Link href="/">Back to the overview</Link>
    </EmptyState>
  );
}
