import { Checkbox, Loader, Text, UnstyledButton } from '@mantine/core';
import { IconArrowDown, IconArrowUp, IconArrowsSort } from '@tabler/icons-react';
import { getCoreRowModel, useReactTable, type ColumnDef, type ColumnSizingState } from '@tanstack/react-table';
import { useVirtualizer } from '@tanstack/react-virtual';
import { useEffect, useMemo, useRef, useState, type KeyboardEvent } from 'react';
import { useNavigate } from 'react-router';
import type { Client } from '../../api/clientTypes';
import classes from './ClientTable.module.css';
import type { CellContext, ClientColumn } from './columns';
import type { Selection } from './selection';

type Props = {
  clients: Client[];
  columns: ClientColumn[];
  ctx: CellContext;
  sort: string;
  onSort: (sort: string) => void;
  sizing: ColumnSizingState;
  onSizingChange: (sizing: ColumnSizingState) => void;
  selection: Selection;
  onToggle: (id: string) => void;
  onToggleLoaded: () => void;
  hasMore: boolean;
  loadingMore: boolean;
  onLoadMore: () => void;
  height: string;
  label: string;
};

const ROW_HEIGHT = 44;
const SELECT_WIDTH = 44;

/**
 * The client list as a table that only renders the rows in view, so 48,000 loaded rows
 * scroll as smoothly as 50. Arrows move the row focus, Enter opens, Space selects.
 */
export function ClientTable({ clients, columns, ctx, sort, onSort, sizing, onSizingChange, selection, onToggle, onToggleLoaded, hasMore, loadingMore, onLoadMore, height, label }: Props) {
  const navigate = useNavigate();
  const scrollRef = useRef<HTMLDivElement>(null);
  const [active, setActive] = useState(0);
  const focusPending = useRef(false);

  const defs = useMemo<ColumnDef<Client>[]>(
    () => [
      { id: '_select', size: SELECT_WIDTH, minSize: SELECT_WIDTH, maxSize: SELECT_WIDTH, enableResizing: false, header: '', cell: () => null },
      ...columns.map((c): ColumnDef<Client> => ({ id: c.id, size: c.size, minSize: 70, maxSize: 800, header: c.header, cell: () => null })),
    ],
    [columns],
  );
  const byId = useMemo(() => new Map(columns.map((c) => [c.id, c])), [columns]);

  const table = useReactTable({
    data: clients,
    columns: defs,
    getCoreRowModel: getCoreRowModel(),
    getRowId: (c) => c.id,
    columnResizeMode: 'onChange',
    enableColumnResizing: true,
    state: { columnSizing: sizing },
    onColumnSizingChange: (updater) => onSizingChange(typeof updater === 'function' ? updater(sizing) : updater),
    manualSorting: true,
  });
  const rows = table.getRowModel().rows;

  const virtualizer = useVirtualizer({
    count: rows.length,
    getScrollElement: () => scrollRef.current,
    estimateSize: () => ROW_HEIGHT,
    overscan: 12,
  });
  const items = virtualizer.getVirtualItems();
  const lastIndex = items.at(-1)?.index ?? 0;

  // Infinite scroll: ask for the next keyset page before the user reaches the end.
  useEffect(() => {
    if (hasMore && !loadingMore && lastIndex >= rows.length - 25) onLoadMore();
  }, [lastIndex, rows.length, hasMore, loadingMore, onLoadMore]);

  useEffect(() => {
    if (active >= rows.length && rows.length > 0) setActive(rows.length - 1);
  }, [rows.length, active]);

  // After a key moved the focus, the row may only exist once the virtualiser has scrolled to it.
  useEffect(() => {
    if (!focusPending.current) return;
    const el = scrollRef.current?.querySelector<HTMLElement>(`tr[data-index="${active}"]`);
    if (el) {
      el.focus({ preventScroll: true });
      focusPending.current = false;
    }
  });

  const move = (to: number) => {
    const next = Math.max(0, Math.min(rows.length - 1, to));
    setActive(next);
    focusPending.current = true;
    virtualizer.scrollToIndex(next, { align: 'auto' });
  };

  const onKeyDown = (e: KeyboardEvent<HTMLTableSectionElement>) => {
    const page = Math.max(1, Math.floor((scrollRef.current?.clientHeight ?? 400) / ROW_HEIGHT) - 1);
    const handled = true;
    switch (e.key) {
      case 'ArrowDown':
        move(active + 1);
        break;
      case 'ArrowUp':
        move(active - 1);
        break;
      case 'PageDown':
        move(active + page);
        break;
      case 'PageUp':
        move(active - page);
        break;
      case 'Home':
        move(0);
        break;
      case 'End':
        move(rows.length - 1);
        break;
      case 'Enter': {
        const c = clients[active];
        if (c) void navigate(`/clients/${c.id}`);
        break;
      }
      case ' ': {
        const c = clients[active];
        if (c && e.target === e.currentTarget.querySelector(`tr[data-index="${active}"]`)) onToggle(c.id);
        else return;
        break;
      }
      default:
        return;
    }
    if (handled) e.preventDefault();
  };

  const loadedSelected = selection.mode === 'all' || (clients.length > 0 && clients.every((c) => selection.ids.has(c.id)));
  const someSelected = selection.mode === 'ids' && selection.ids.size > 0 && !loadedSelected;
  const totalWidth = table.getTotalSize();

  return (
    <div ref={scrollRef} className={classes.scroll} style={{ height }}>
      <table className={classes.table} style={{ width: totalWidth, minWidth: '100%' }} aria-label={label} aria-rowcount={rows.length + 1}>
        <thead className={classes.thead}>
          {table.getHeaderGroups().map((hg) => (
            <tr key={hg.id} className={classes.tr}>
              {hg.headers.map((header) => {
                if (header.id === '_select') {
                  return (
                    <th key={header.id} className={`${classes.th} ${classes.pinned}`} style={{ width: header.getSize(), left: 0 }}>
                      <Checkbox
                        size="xs"
                        aria-label="Select all loaded clients"
                        checked={loadedSelected}
                        indeterminate={someSelected}
                        onChange={onToggleLoaded}
                      />
                    </th>
                  );
                }
                const col = byId.get(header.id)!;
                const dir = sort === col.sort ? 'asc' : sort === `-${col.sort}` ? 'desc' : null;
                return (
                  <th
                    key={header.id}
                    className={`${classes.th} ${header.id === 'name' ? `${classes.pinned} ${classes.pinnedEdge}` : ''}`}
                    style={{ width: header.getSize(), left: header.id === 'name' ? SELECT_WIDTH : undefined }}
                    aria-sort={dir === 'asc' ? 'ascending' : dir === 'desc' ? 'descending' : undefined}
                  >
                    {col.sort ? (
                      <UnstyledButton
                        className={classes.sortButton}
                        onClick={() => onSort(nextSort(col, dir))}
                        aria-label={`Sort by ${col.header}${dir === 'asc' ? ', descending' : dir === 'desc' ? ', ascending' : ''}`}
                      >
                        <span className={classes.headerText}>{col.header}</span>
                        {dir === 'asc' ? <IconArrowUp size={14} aria-hidden /> : dir === 'desc' ? <IconArrowDown size={14} aria-hidden /> : <IconArrowsSort size={14} aria-hidden className={classes.sortHint} />}
                      </UnstyledButton>
                    ) : (
                      <span className={classes.headerText}>{col.header}</span>
                    )}
                    {header.column.getCanResize() && (
                      <div
                        role="separator"
                        aria-orientation="vertical"
                        aria-label={`Resize ${col.header} column`}
                        tabIndex={-1}
                        onMouseDown={header.getResizeHandler()}
                        onTouchStart={header.getResizeHandler()}
                        onDoubleClick={() => header.column.resetSize()}
                        className={`${classes.resizer} ${header.column.getIsResizing() ? classes.resizing : ''}`}
                      />
                    )}
                  </th>
                );
              })}
            </tr>
          ))}
        </thead>
        <tbody className={classes.tbody} style={{ height: virtualizer.getTotalSize() }} onKeyDown={onKeyDown}>
          {items.map((item) => {
            const row = rows[item.index]!;
            const c = row.original;
            const selected = selection.mode === 'all' || selection.ids.has(c.id);
            return (
              <tr
                key={row.id}
                data-index={item.index}
                aria-rowindex={item.index + 2}
                aria-selected={selected}
                tabIndex={item.index === active ? 0 : -1}
                className={`${classes.tr} ${classes.row} ${c.status === 'blacklisted' ? classes.flagged : ''}`}
                style={{ transform: `translateY(${item.start}px)`, height: ROW_HEIGHT }}
                onClick={() => void navigate(`/clients/${c.id}`)}
                onFocus={() => setActive(item.index)}
              >
                {row.getVisibleCells().map((cell) => (
                  <td
                    key={cell.id}
                    className={`${classes.td} ${cell.column.id === '_select' ? classes.pinned : cell.column.id === 'name' ? `${classes.pinned} ${classes.pinnedEdge}` : ''}`}
                    style={{ width: cell.column.getSize(), left: cell.column.id === '_select' ? 0 : cell.column.id === 'name' ? SELECT_WIDTH : undefined }}
                  >
                    {cell.column.id === '_select' ? (
                      <Checkbox
                        size="xs"
                        aria-label={`Select ${c.displayName}`}
                        checked={selected}
                        onChange={() => onToggle(c.id)}
                        onClick={(e) => e.stopPropagation()}
                        tabIndex={-1}
                      />
                    ) : (
                      byId.get(cell.column.id)!.cell(c, ctx)
                    )}
                  </td>
                ))}
              </tr>
            );
          })}
        </tbody>
      </table>
      {loadingMore && (
        <div className={classes.more}>
          <Loader size="xs" />
          <Text size="xs" c="dimmed">
            Loading more…
          </Text>
        </div>
      )}
    </div>
  );
}

function nextSort(col: ClientColumn, dir: 'asc' | 'desc' | null): string {
  const key = col.sort!;
  if (dir === null) return col.descFirst ? `-${key}` : key;
  return dir === 'asc' ? `-${key}` : key;
}
