// "1–50 of 1,234" with previous / next page buttons.
import { formatCount } from '../format/number';
import { Icon } from './icons';
import { pageInfo } from './table-logic';

export function Pagination({ offset, limit, total, onChange }: { offset: number; limit: number; total: number; onChange(offset: number): void }) {
  const info = pageInfo(offset, limit, total);
  return (
    <nav class="pagination" aria-label="Pagination">
      <span class="muted small">
        {formatCount(info.first)}–{formatCount(info.last)} of {formatCount(total)}
      </span>
      <button type="button" class="btn btn-sm btn-ghost" disabled={!info.hasPrev} onClick={() => onChange(Math.max(0, offset - limit))} aria-label="Previous page">
        <Icon name="chevronLeft" size={14} />
      </button>
      <span class="small">
        Page {info.page} / {info.pages}
      </span>
      <button type="button" class="btn btn-sm btn-ghost" disabled={!info.hasNext} onClick={() => onChange(offset + limit)} aria-label="Next page">
        <Icon name="chevronRight" size={14} />
      </button>
    </nav>
  );
}
