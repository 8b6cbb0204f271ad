import { Alert, Anchor, Button, Chip, Collapse, Group, Kbd, MultiSelect, Paper, Select, SegmentedControl, Skeleton, Stack, Text, TextInput, VisuallyHidden } from '@mantine/core';
import { useDebouncedValue, useDisclosure, useHotkeys, useLocalStorage, useMediaQuery } from '@mantine/hooks';
import { IconFilter, IconLayoutGrid, IconSearch, IconTable, IconX } from '@tabler/icons-react';
import { useCallback, useMemo, useRef, useState } from 'react';
import { useSearchParams } from 'react-router';
import { customFields as customFieldsApi, groups as groupsApi, segments as segmentsApi, tags as tagsApi } from '../../api/clientMeta';
import { clientStatuses, type ClientStatus, type Segment } from '../../api/clientTypes';
import { useClientCount, useClientList, type BulkTarget, type ClientQuery } from '../../api/clients';
import { useTeam } from '../../api/team';
import { BulkBar } from '../../components/clients/BulkBar';
import { ClientCards } from '../../components/clients/ClientCards';
import { clientsWord, numberFormat, statusLabels, tagIndexOf } from '../../components/clients/ClientBits';
import { ClientTable } from '../../components/clients/ClientTable';
import { allColumns, defaultColumnIds, type CellContext } from '../../components/clients/columns';
import { EmptyClients } from '../../components/clients/EmptyClients';
import { FilterBuilder } from '../../components/clients/FilterBuilder';
import { allOf, countRules, emptyGroup, fieldDefs, fromFilter, toFilter, urlFilter, type RuleGroup } from '../../components/clients/filterModel';
import { ColumnChooser, EditSegmentModal, SavedViewsMenu, SaveSegmentModal, scopeFilter, ScopePicker, type SavedView } from '../../components/clients/ListControls';
import { noSelection, selectedCount, type Selection } from '../../components/clients/selection';
import { PageHeader } from '../../components/PageHeader';
import { useSession } from '../../components/RequireAuth';
import { roleAtLeast } from '../../../domain/role';
import { ClientListActions } from './ClientListActions';
import { ExportDialog } from './ExportDialog';

type Layout = { columns: string[]; sizing: Record<string, number>; sort: string; mode: 'table' | 'cards' };
const defaultLayout: Layout = { columns: defaultColumnIds, sizing: {}, sort: 'name', mode: 'table' };

/** The client list: search, quick filters, the filter builder, saved views, table or cards, bulk actions. */
export function ClientsPage() {
  const me = useSession();
  const storeKey = `rapport.clients.${me.workspace.id}.${me.user?.id ?? me.apiKey?.id ?? 'key'}`;
  const [layout, setLayout] = useLocalStorage<Layout>({ key: `${storeKey}.layout`, defaultValue: defaultLayout, getInitialValueInEffect: false });
  const [views, setViews] = useLocalStorage<SavedView[]>({ key: `${storeKey}.views`, defaultValue: [], getInitialValueInEffect: false });
  const phone = useMediaQuery('(max-width: 48em)', false, { getInitialValueInEffect: false });
  const mode = phone ? 'cards' : layout.mode;
  const canWrite = roleAtLeast(me.role, 'member');

  // Links into the list (dashboard tiles, reports) carry their filter in the URL:
  // ?q=, ?status=, ?tag=, ?healthBand= and ?filter=<filter-language JSON> start the builder.
  const [params] = useSearchParams();
  const fromUrl = useMemo(() => urlFilter(params), [params]);
  const [search, setSearch] = useState(() => params.get('q') ?? '');
  const [q] = useDebouncedValue(search, 250);
  const [statuses, setStatuses] = useState<string[]>([]);
  const [tagFilter, setTagFilter] = useState<string[]>([]);
  const [ownerId, setOwnerId] = useState<string | null>(null);
  const [scope, setScope] = useState<string | null>(null);
  const [rules, setRules] = useState<RuleGroup>(() => (fromUrl && fromFilter(fromUrl)) || emptyGroup());
  const [filtersOpen, filters] = useDisclosure(!!fromUrl);
  // Following another link to the list while on it: its filter replaces the builder's.
  const [appliedUrl, setAppliedUrl] = useState(params.toString());
  if (appliedUrl !== params.toString()) {
    setAppliedUrl(params.toString());
    if (params.has('q')) setSearch(params.get('q') ?? '');
    if (fromUrl) {
      setRules(fromFilter(fromUrl) || emptyGroup());
      filters.open();
    }
  }
  const [savingSegment, saveSegment] = useDisclosure(false);
  // The saved segment whose filter the builder holds for editing (null: not editing one).
  const [editingSegment, setEditingSegment] = useState<Segment | null>(null);
  const [segmentModal, setSegmentModal] = useState<{ segment: Segment; withFilter: boolean } | null>(null);
  const [selection, setSelection] = useState<Selection>(noSelection);
  const [exporting, setExporting] = useState<{ target: BulkTarget; count: number | undefined } | null>(null);
  const searchRef = useRef<HTMLInputElement>(null);
  useHotkeys([['/', () => searchRef.current?.focus()]]);

  const team = useTeam();
  const tagList = tagsApi.useList();
  const custom = customFieldsApi.useList();
  const segmentList = segmentsApi.useList();
  const groupList = groupsApi.useList();

  const builderNow = useMemo(() => toFilter(rules), [rules]);
  // Typed values settle before the list asks the server, like the search box.
  const [builderFilter] = useDebouncedValue(builderNow, 300);
  const filter = useMemo(
    () =>
      allOf(
        statuses.length ? { field: 'status', op: 'in', value: statuses } : null,
        tagFilter.length ? { field: 'tags', op: 'in', value: tagFilter } : null,
        ownerId ? { field: 'ownerId', op: 'eq', value: ownerId } : null,
        scopeFilter(scope),
        builderFilter,
      ),
    [statuses, tagFilter, ownerId, scope, builderFilter],
  );
  const query: ClientQuery = useMemo(() => ({ q, filter, sort: layout.sort }), [q, filter, layout.sort]);
  const list = useClientList(query, 100, { withTotal: false });
  const count = useClientCount({ q, filter });
  const clients = useMemo(() => list.data?.pages.flatMap((p) => p.data) ?? [], [list.data]);
  const total = count.data?.total;
  const filtered = !!filter || !!q.trim();

  // A new query is a new set of clients: what was selected no longer means the same.
  const queryKey = JSON.stringify(query);
  const [selectionFor, setSelectionFor] = useState(queryKey);
  if (selectionFor !== queryKey) {
    setSelectionFor(queryKey);
    setSelection(noSelection);
  }

  const owners = useMemo(() => (team.data?.data ?? []).map((m) => ({ value: m.id, label: m.name })), [team.data]);
  const ctx: CellContext = useMemo(() => {
    const names = new Map(owners.map((o) => [o.value, o.label]));
    return { ownerName: (id) => (id ? (names.get(id) ?? 'Former member') : '—'), tagIndex: tagIndexOf(tagList.data) };
  }, [owners, tagList.data]);
  const tagNames = useMemo(() => (tagList.data ?? []).map((t) => t.name), [tagList.data]);
  const columns = useMemo(() => allColumns(custom.data), [custom.data]);
  const visibleColumns = useMemo(() => columns.filter((c) => c.id === 'name' || layout.columns.includes(c.id)), [columns, layout.columns]);
  const fields = useMemo(() => fieldDefs(custom.data), [custom.data]);

  const toggle = useCallback(
    (id: string) =>
      setSelection((s) => {
        if (s.mode === 'all') return { mode: 'ids', ids: new Set(clients.map((c) => c.id).filter((x) => x !== id)) };
        const ids = new Set(s.ids);
        if (ids.has(id)) ids.delete(id);
        else ids.add(id);
        return { mode: 'ids', ids };
      }),
    [clients],
  );
  const toggleLoaded = () =>
    setSelection((s) => (s.mode === 'all' || (clients.length > 0 && clients.every((c) => s.ids.has(c.id))) ? noSelection : { mode: 'ids', ids: new Set(clients.map((c) => c.id)) }));
  const loadMore = useCallback(() => void list.fetchNextPage(), [list]);

  const clearAll = () => {
    setSearch('');
    setStatuses([]);
    setTagFilter([]);
    setOwnerId(null);
    setScope(null);
    setRules(emptyGroup());
  };

  const applyView = (v: SavedView) => {
    setLayout((l) => ({ ...l, columns: v.columns, sizing: v.sizing, sort: v.sort }));
    setRules(v.rules);
    setStatuses(v.statuses);
    setTagFilter(v.tags);
    setOwnerId(v.ownerId);
    setScope(v.scope);
    if (countRules(v.rules) > 0) filters.open();
  };
  const saveView = (name: string) =>
    setViews((vs) => [
      ...vs.filter((v) => v.name !== name),
      { name, columns: layout.columns, sizing: layout.sizing, sort: layout.sort, rules, statuses, tags: tagFilter, ownerId, scope },
    ]);

  const ruleCount = countRules(rules);
  const scopedGroup = scope?.startsWith('group:') ? ((groupList.data ?? []).find((g) => `group:${g.id}` === scope) ?? null) : null;
  const editSegment = (seg: Segment) => {
    const tree = fromFilter(seg.filter as Parameters<typeof fromFilter>[0]);
    if (!tree) return setSegmentModal({ segment: seg, withFilter: false });
    setScope(null);
    setStatuses([]);
    setTagFilter([]);
    setOwnerId(null);
    setRules(tree);
    setEditingSegment(seg);
    filters.open();
  };
  const loadedAll = selection.mode === 'ids' && clients.length > 0 && clients.every((c) => selection.ids.has(c.id));
  const nSelected = selectedCount(selection, total);
  const emptyWorkspace = list.isSuccess && !filtered && clients.length === 0;

  return (
    <>
      <PageHeader
        title="Clients"
        description={total === undefined ? 'Everyone you work with.' : <span aria-live="polite">{clientsWord(total)}{filtered ? ' match' : ''}</span>}
        action={
          <ClientListActions canWrite={canWrite} canExport={canWrite && !emptyWorkspace} compact={!!phone} onExport={() => setExporting({ target: { query: { q, filter } }, count: total })} />
        }
      />

      {emptyWorkspace ? (
        <EmptyClients canWrite={canWrite} role={me.role} />
      ) : (
        <>
          <Group gap="xs" mb="xs" wrap="wrap">
            <TextInput
              ref={searchRef}
              aria-label="Search clients"
              placeholder="Search name, company, e-mail, phone"
              leftSection={<IconSearch size={16} />}
              rightSection={search ? <IconX size={14} style={{ cursor: 'pointer' }} onClick={() => setSearch('')} aria-label="Clear search" /> : <Kbd size="xs" visibleFrom="sm">/</Kbd>}
              value={search}
              onChange={(e) => setSearch(e.currentTarget.value)}
              onKeyDown={(e) => {
                if (e.key === 'Escape') setSearch('');
              }}
              type="search"
              style={{ flex: '1 1 260px' }}
            />
            <ScopePicker value={scope} onChange={setScope} segments={segmentList.data ?? []} groups={groupList.data ?? []} onEditSegment={canWrite ? editSegment : undefined} />
            <Button variant={filtersOpen || ruleCount ? 'light' : 'default'} leftSection={<IconFilter size={16} />} onClick={filters.toggle} aria-expanded={filtersOpen}>
              Filters{ruleCount ? ` (${ruleCount})` : ''}
            </Button>
            {!phone && (
              <>
                <ColumnChooser columns={columns} visible={layout.columns} onChange={(ids) => setLayout((l) => ({ ...l, columns: ids }))} />
                <SegmentedControl
                  aria-label="Show as"
                  value={layout.mode}
                  onChange={(v) => setLayout((l) => ({ ...l, mode: v as Layout['mode'] }))}
                  data={[
                    { value: 'table', label: <Group gap={4} wrap="nowrap"><IconTable size={16} aria-hidden /><span>Table</span></Group> },
                    { value: 'cards', label: <Group gap={4} wrap="nowrap"><IconLayoutGrid size={16} aria-hidden /><span>Cards</span></Group> },
                  ]}
                />
              </>
            )}
            <SavedViewsMenu views={views} onApply={applyView} onSave={saveView} onDelete={(name) => setViews((vs) => vs.filter((v) => v.name !== name))} />
          </Group>

          <Group gap="xs" mb="xs" wrap="wrap" align="center">
            <Chip.Group multiple value={statuses} onChange={setStatuses}>
              <Group gap={6} wrap="wrap" role="group" aria-label="Status">
                {clientStatuses.map((s) => (
                  <Chip key={s} value={s} size="xs" color={s === 'blacklisted' ? 'red' : undefined}>
                    {statusLabels[s as ClientStatus]}
                  </Chip>
                ))}
              </Group>
            </Chip.Group>
            <MultiSelect aria-label="Tags" placeholder={tagFilter.length ? undefined : 'Any tag'} data={tagNames} value={tagFilter} onChange={setTagFilter} searchable clearable size="xs" w={{ base: 'calc(50% - 5px)', xs: 200 }} comboboxProps={{ withinPortal: true }} />
            <Select aria-label="Owner" placeholder="Any owner" data={owners} value={ownerId} onChange={setOwnerId} searchable clearable size="xs" w={{ base: 'calc(50% - 5px)', xs: 170 }} comboboxProps={{ withinPortal: true }} />
            {filtered && (
              <Button size="xs" variant="subtle" color="gray" onClick={clearAll}>
                Clear all
              </Button>
            )}
          </Group>

          <Collapse expanded={filtersOpen}>
            <Paper withBorder p="sm" mb="sm">
              {editingSegment && (
                <Alert variant="light" color="indigo" mb="sm" p="xs">
                  <Group gap="xs" justify="space-between" wrap="wrap">
                    <Text size="sm">
                      Editing the segment “{editingSegment.name}”: change the filters, then save them to the segment.
                    </Text>
                    <Group gap="xs">
                      <Button size="xs" onClick={() => setSegmentModal({ segment: editingSegment, withFilter: true })}>
                        Save to segment…
                      </Button>
                      <Button size="xs" variant="default" onClick={() => setEditingSegment(null)}>
                        Stop editing
                      </Button>
                    </Group>
                  </Group>
                </Alert>
              )}
              <FilterBuilder value={rules} onChange={setRules} fields={fields} tagOptions={tagNames.map((t) => ({ value: t, label: t }))} ownerOptions={owners} />
              <Group justify="flex-end" mt="xs" gap="xs">
                <Button size="xs" variant="default" onClick={() => setRules(emptyGroup())} disabled={ruleCount === 0}>
                  Clear rules
                </Button>
                {canWrite && (
                  <Button size="xs" variant="light" onClick={saveSegment.open} disabled={!filter}>
                    Save as segment…
                  </Button>
                )}
              </Group>
            </Paper>
          </Collapse>
          <SaveSegmentModal opened={savingSegment} onClose={saveSegment.close} filter={filter} />
          <EditSegmentModal
            segment={segmentModal?.segment ?? null}
            filter={segmentModal?.withFilter ? filter : null}
            onClose={() => setSegmentModal(null)}
            onSaved={(saved) => {
              setEditingSegment(null);
              setRules(emptyGroup());
              setStatuses([]);
              setTagFilter([]);
              setOwnerId(null);
              setScope(`segment:${saved.id}`);
            }}
          />

          {(loadedAll || selection.mode === 'all') && total !== undefined && total > clients.length && (
            <Alert variant="light" color="indigo" mb="xs" p="xs">
              <Group gap="xs" wrap="wrap">
                {selection.mode === 'all' ? (
                  <>
                    <Text size="sm">All {clientsWord(total)} matching are selected.</Text>
                    <Anchor component="button" size="sm" onClick={() => setSelection(noSelection)}>
                      Clear selection
                    </Anchor>
                  </>
                ) : (
                  <>
                    <Text size="sm">The {numberFormat.format(clients.length)} loaded clients are selected.</Text>
                    <Anchor component="button" size="sm" fw={600} onClick={() => setSelection({ mode: 'all' })}>
                      Select all {clientsWord(total)} matching
                    </Anchor>
                  </>
                )}
              </Group>
            </Alert>
          )}
          {canWrite && (
            <BulkBar
              selection={selection}
              count={nSelected}
              query={{ q, filter }}
              onClear={() => setSelection(noSelection)}
              tagOptions={tagNames}
              ownerOptions={owners}
              canDelete={canWrite}
              group={scopedGroup}
              onExport={(target) => setExporting({ target, count: nSelected })}
            />
          )}
          {exporting && <ExportDialog opened target={exporting.target} count={exporting.count} sort={layout.sort} onClose={() => setExporting(null)} />}

          {list.isPending && <Stack gap={6}>{[0, 1, 2, 3, 4, 5].map((i) => <Skeleton key={i} h={40} />)}</Stack>}
          {list.isError && <Alert color="red">{list.error.message}</Alert>}
          {list.isSuccess && clients.length === 0 && (
            <Paper withBorder p="xl" ta="center">
              <Text fw={600}>No clients match</Text>
              <Text size="sm" c="dimmed" mt={4}>
                Check the spelling, or loosen the filters.
              </Text>
              <Button variant="light" mt="md" onClick={clearAll}>
                Clear search and filters
              </Button>
            </Paper>
          )}
          {clients.length > 0 &&
            (mode === 'table' ? (
              <ClientTable
                clients={clients}
                columns={visibleColumns}
                ctx={ctx}
                sort={layout.sort}
                onSort={(sort) => setLayout((l) => ({ ...l, sort }))}
                sizing={layout.sizing}
                onSizingChange={(sizing) => setLayout((l) => ({ ...l, sizing }))}
                selection={selection}
                onToggle={toggle}
                onToggleLoaded={toggleLoaded}
                hasMore={!!list.hasNextPage}
                loadingMore={list.isFetchingNextPage}
                onLoadMore={loadMore}
                height="max(320px, calc(100dvh - 330px))"
                label="Clients"
              />
            ) : (
              <>
                <Group justify="space-between" mb="xs">
                  <Select
                    aria-label="Sort by"
                    size="xs"
                    w={190}
                    value={layout.sort}
                    onChange={(v) => v && setLayout((l) => ({ ...l, sort: v }))}
                    allowDeselect={false}
                    data={sortOptions}
                    comboboxProps={{ withinPortal: true }}
                  />
                  <Button size="xs" variant="subtle" onClick={toggleLoaded}>
                    {selection.mode === 'all' || loadedAll ? 'Deselect all' : 'Select all loaded'}
                  </Button>
                </Group>
                <ClientCards clients={clients} ctx={ctx} selection={selection} onToggle={toggle} hasMore={!!list.hasNextPage} loadingMore={list.isFetchingNextPage} onLoadMore={loadMore} label="Clients" />
              </>
            ))}
          {mode === 'table' && clients.length > 0 && (
            <Text size="xs" c="dimmed" mt={6} visibleFrom="sm">
              <VisuallyHidden>Keyboard: </VisuallyHidden>
              <Kbd size="xs">↑</Kbd> <Kbd size="xs">↓</Kbd> move · <Kbd size="xs">Enter</Kbd> opens · <Kbd size="xs">Space</Kbd> selects · <Kbd size="xs">/</Kbd> search · <Kbd size="xs">N</Kbd> quick add
              {list.hasNextPage ? ` · ${numberFormat.format(clients.length)} loaded, scroll for more` : ''}
            </Text>
          )}
        </>
      )}
    </>
  );
}

const sortOptions = [
  { value: 'name', label: 'Name A–Z' },
  { value: '-name', label: 'Name Z–A' },
  { value: '-createdAt', label: 'Newest first' },
  { value: 'createdAt', label: 'Oldest first' },
  { value: '-lastActivityAt', label: 'Recent activity' },
  { value: '-updatedAt', label: 'Recently updated' },
  { value: '-healthScore', label: 'Health, best first' },
];
