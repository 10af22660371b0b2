// Data table: sortable headers (client-side, or server-side through onSort), keyboard-openable
// rows, optional expanded detail rows, and an empty state.
import type { ComponentChildren, TargetedKeyboardEvent } from 'preact';
import { Fragment } from 'preact';
import { useMemo } from 'preact/hooks';
import { Icon } from './icons';
import { nextSort, sortRows, type SortState, type SortValue } from './table-logic';

export interface Column<T> {
  key: string;
  header: ComponentChildren;
  render(row: T): ComponentChildren;
  /** Client-side sort key; with `serverSort` the header is sortable without it. */
  sortValue?: (row: T) => SortValue;
  sortable?: boolean;
  align?: 'left' | 'right' | 'center';
  width?: string;
  class?: string;
}

interface TableProps<T> {
  columns: Column<T>[];
  rows: readonly T[];
  rowKey(row: T, index: number): string;
  sort?: SortState;
  onSort?(sort: SortState): void;
  /** The parent sorts (server-side); the table only reports header clicks. */
  serverSort?: boolean;
  onRowClick?(row: T): void;
  rowLabel?(row: T): string;
  expanded?(row: T): ComponentChildren | null;
  empty?: ComponentChildren;
  busy?: boolean;
  caption?: string;
  dense?: boolean;
}

export function Table<T>(p: TableProps<T>) {
  const col = p.sort && p.columns.find((c) => c.key === p.sort!.key);
  const rows = useMemo(
    () => (!p.serverSort && p.sort && col?.sortValue ? sortRows(p.rows, col.sortValue, p.sort.dir) : p.rows),
    [p.rows, p.sort, p.serverSort, col],
  );
  const onKey = (row: T) => (e: TargetedKeyboardEvent<HTMLTableRowElement>) => {
    if ((e.key === 'Enter' || e.key === ' ') && e.target === e.currentTarget) {
      e.preventDefault();
      p.onRowClick?.(row);
    }
  };
  return (
    <div class={`table-wrap${p.busy ? ' busy' : ''}`}>
      <table class={`table${p.dense ? ' dense' : ''}`}>
        {p.caption && <caption class="sr-only">{p.caption}</caption>}
        <thead>
          <tr>
            {p.columns.map((c) => {
              const sortable = p.onSort && (c.sortable || c.sortValue);
              const active = p.sort?.key === c.key;
              const aria = active ? (p.sort!.dir === 'asc' ? 'ascending' : 'descending') : undefined;
              return (
                <th key={c.key} class={`${c.align ? `align-${c.align}` : ''} ${c.class ?? ''}`} style={c.width ? { width: c.width } : undefined} aria-sort={aria} scope="col">
                  {sortable ? (
                    <button type="button" class={`th-sort${active ? ' active' : ''}`} onClick={() => p.onSort!(nextSort(p.sort, c.key))}>
                      {c.header}
                      <Icon name="chevronDown" size={12} class={active ? (p.sort!.dir === 'asc' ? 'flip' : '') : 'faint'} />
                    </button>
                  ) : (
                    c.header
                  )}
                </th>
              );
            })}
          </tr>
        </thead>
        <tbody>
          {rows.map((row, index) => {
            const extra = p.expanded?.(row);
            return (
              <Fragment key={p.rowKey(row, index)}>
                <tr
                  class={`${p.onRowClick ? 'clickable' : ''}${extra ? ' open' : ''}`}
                  tabIndex={p.onRowClick ? 0 : undefined}
                  aria-label={p.onRowClick && p.rowLabel ? p.rowLabel(row) : undefined}
                  aria-expanded={p.expanded ? !!extra : undefined}
                  onClick={p.onRowClick ? () => p.onRowClick!(row) : undefined}
                  onKeyDown={p.onRowClick ? onKey(row) : undefined}
                >
                  {p.columns.map((c) => (
                    <td key={c.key} class={`${c.align ? `align-${c.align}` : ''} ${c.class ?? ''}`}>
                      {c.render(row)}
                    </td>
                  ))}
                </tr>
                {extra && (
                  <tr class="detail-row">
                    <td colSpan={p.columns.length}>{extra}</td>
                  </tr>
                )}
              </Fragment>
            );
          })}
        </tbody>
      </table>
      {rows.length === 0 && p.empty}
    </div>
  );
}
