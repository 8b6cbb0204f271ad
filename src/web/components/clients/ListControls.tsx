import { ActionIcon, Button, Checkbox, Group, Menu, Modal, ScrollArea, Select, Stack, Switch, Text, TextInput } from '@mantine/core';
import { IconBookmark, IconColumns, IconDeviceFloppy, IconPencil, IconTrash } from '@tabler/icons-react';
import { isApiError } from '../../api/api';
import { useState } from 'react';
import { groups as groupsApi, segments as segmentsApi } from '../../api/clientMeta';
import { ConfirmModal } from '../ConfirmModal';
import type { Filter, Group as ClientGroup, Segment } from '../../api/clientTypes';
import { showApiError } from '../formErrors';
import type { ClientColumn } from './columns';
import type { RuleGroup } from './filterModel';

/** Shows or hides columns; the name column always stays. */
export function ColumnChooser({ columns, visible, onChange }: { columns: ClientColumn[]; visible: string[]; onChange: (ids: string[]) => void }) {
  const toggle = (id: string) => onChange(visible.includes(id) ? visible.filter((v) => v !== id) : [...visible, id]);
  return (
    <Menu position="bottom-end" closeOnItemClick={false} withinPortal shadow="md" width={240}>
      <Menu.Target>
        <Button variant="default" size="sm" leftSection={<IconColumns size={16} />}>
          Columns
        </Button>
      </Menu.Target>
      <Menu.Dropdown>
        <Menu.Label>Show columns</Menu.Label>
        <ScrollArea.Autosize mah={360}>
          <Stack gap={6} p="xs">
            {columns.map((c) => (
              <Checkbox key={c.id} label={c.header} checked={c.id === 'name' || visible.includes(c.id)} disabled={c.id === 'name'} onChange={() => toggle(c.id)} size="sm" />
            ))}
          </Stack>
        </ScrollArea.Autosize>
      </Menu.Dropdown>
    </Menu>
  );
}

/** A saved view: the columns, their widths, the sort and the filters, kept in this browser. */
export type SavedView = {
  name: string;
  columns: string[];
  sizing: Record<string, number>;
  sort: string;
  rules: RuleGroup;
  statuses: string[];
  tags: string[];
  ownerId: string | null;
  scope: string | null;
};

export function SavedViewsMenu({ views, onApply, onSave, onDelete }: { views: SavedView[]; onApply: (v: SavedView) => void; onSave: (name: string) => void; onDelete: (name: string) => void }) {
  const [naming, setNaming] = useState(false);
  const [name, setName] = useState('');
  return (
    <>
      <Menu position="bottom-end" withinPortal shadow="md" width={260}>
        <Menu.Target>
          <Button variant="default" size="sm" leftSection={<IconBookmark size={16} />}>
            Views
          </Button>
        </Menu.Target>
        <Menu.Dropdown>
          <Menu.Label>Saved views</Menu.Label>
          {views.length === 0 && (
            <Text size="xs" c="dimmed" px="sm" pb="xs">
              None yet. A view keeps the columns, sort and filters.
            </Text>
          )}
          {views.map((v) => (
            <Group key={v.name} gap={0} wrap="nowrap">
              <Menu.Item onClick={() => onApply(v)} style={{ flex: 1 }}>
                {v.name}
              </Menu.Item>
              <ActionIcon variant="subtle" color="gray" aria-label={`Delete view ${v.name}`} onClick={() => onDelete(v.name)} mr={4}>
                <IconTrash size={14} />
              </ActionIcon>
            </Group>
          ))}
          <Menu.Divider />
          <Menu.Item leftSection={<IconDeviceFloppy size={16} />} onClick={() => setNaming(true)}>
            Save current view…
          </Menu.Item>
        </Menu.Dropdown>
      </Menu>
      <Modal opened={naming} onClose={() => setNaming(false)} title="Save this view" centered>
        <form
          onSubmit={(e) => {
            e.preventDefault();
            if (!name.trim()) return;
            onSave(name.trim());
            setName('');
            setNaming(false);
          }}
        >
          <Stack>
            <TextInput label="View name" required value={name} onChange={(e) => setName(e.currentTarget.value)} data-autofocus description="Columns, column widths, sort and filters are kept for you in this browser." />
            <Group justify="flex-end">
              <Button variant="default" onClick={() => setNaming(false)}>
                Cancel
              </Button>
              <Button type="submit">Save view</Button>
            </Group>
          </Stack>
        </form>
      </Modal>
    </>
  );
}

/** Limits the list to a saved segment or a group. Values are "segment:<id>" or "group:<id>". */
export function ScopePicker({ value, onChange, segments, groups, onEditSegment }: { value: string | null; onChange: (v: string | null) => void; segments: Segment[]; groups: ClientGroup[]; onEditSegment?: (s: Segment) => void }) {
  const removeSegment = segmentsApi.useRemove();
  const removeGroup = groupsApi.useRemove();
  const [deleting, setDeleting] = useState(false);
  const data = [
    { group: 'Segments', items: segments.map((s) => ({ value: `segment:${s.id}`, label: `${s.name} (${s.memberCount})` })) },
    { group: 'Groups', items: groups.map((g) => ({ value: `group:${g.id}`, label: `${g.name} (${g.memberCount})` })) },
  ].filter((g) => g.items.length > 0);
  if (data.length === 0 && !value) return null;
  const [kind, id] = value ? value.split(':') : [null, null];
  const picked = kind === 'segment' ? segments.find((s) => s.id === id) : groups.find((g) => g.id === id);
  return (
    <Group gap={4} wrap="nowrap" w={{ base: '100%', xs: 'auto' }}>
      <Select
        aria-label="Segment or group"
        placeholder="All clients"
        data={data}
        value={value}
        onChange={onChange}
        clearable
        size="sm"
        style={{ flex: 1 }}
        w={{ base: '100%', xs: 200 }}
        comboboxProps={{ withinPortal: true }}
      />
      {picked && kind === 'segment' && onEditSegment && (
        <ActionIcon variant="subtle" color="gray" size="lg" aria-label={`Edit segment ${picked.name}`} onClick={() => onEditSegment(picked as Segment)}>
          <IconPencil size={16} />
        </ActionIcon>
      )}
      {picked && (
        <ActionIcon variant="subtle" color="gray" size="lg" aria-label={`Delete ${kind} ${picked.name}`} onClick={() => setDeleting(true)}>
          <IconTrash size={16} />
        </ActionIcon>
      )}
      <ConfirmModal
        opened={deleting && !!picked}
        onClose={() => setDeleting(false)}
        title={`Delete the ${kind} “${picked?.name ?? ''}”?`}
        confirmLabel={`Delete ${kind}`}
        loading={removeSegment.isPending || removeGroup.isPending}
        onConfirm={() =>
          (kind === 'segment' ? removeSegment : removeGroup).mutate(id!, {
            onSuccess: () => {
              setDeleting(false);
              onChange(null);
            },
            onError: (e) => {
              setDeleting(false);
              showApiError(e, undefined, 'Could not delete');
            },
          })
        }
      >
        {kind === 'segment' ? 'Only the saved filter goes; no client changes.' : 'Only the group goes; its clients stay as they are.'}
      </ConfirmModal>
    </Group>
  );
}

export const scopeFilter = (scope: string | null): Filter | null => {
  if (!scope) return null;
  const [kind, id] = scope.split(':');
  return { field: kind === 'group' ? 'groupId' : 'segmentId', op: 'eq', value: id };
};

export function SaveSegmentModal({ opened, onClose, filter }: { opened: boolean; onClose: () => void; filter: Filter | null }) {
  const create = segmentsApi.useCreate();
  const [name, setName] = useState('');
  const [shared, setShared] = useState(true);
  return (
    <Modal opened={opened} onClose={onClose} title="Save as segment" centered>
      <form
        onSubmit={(e) => {
          e.preventDefault();
          if (!filter || !name.trim()) return;
          create.mutate(
            { name: name.trim(), filter, shared },
            {
              onSuccess: () => {
                setName('');
                onClose();
              },
              onError: (err) => showApiError(err, undefined, 'Could not save the segment'),
            },
          );
        }}
      >
        <Stack>
          <Text size="sm" c="dimmed">
            A segment is a saved filter: it always shows the clients that match it now.
          </Text>
          <TextInput label="Segment name" required value={name} onChange={(e) => setName(e.currentTarget.value)} data-autofocus />
          <Switch label="Share with the team" checked={shared} onChange={(e) => setShared(e.currentTarget.checked)} />
          <Group justify="flex-end">
            <Button variant="default" onClick={onClose}>
              Cancel
            </Button>
            <Button type="submit" loading={create.isPending} disabled={!filter}>
              Save segment
            </Button>
          </Group>
        </Stack>
      </form>
    </Modal>
  );
}

/** Renames a saved segment and, when the builder holds its filter, writes the edited filter back (with its version). */
export function EditSegmentModal({ segment, filter, onClose, onSaved }: { segment: Segment | null; filter: Filter | null; onClose: () => void; onSaved: (s: Segment) => void }) {
  const update = segmentsApi.useUpdate();
  const [name, setName] = useState(segment?.name ?? '');
  const [shared, setShared] = useState(segment?.shared ?? true);
  const [error, setError] = useState<string | null>(null);
  const [nameFor, setNameFor] = useState(segment?.id);
  if (segment && nameFor !== segment.id) {
    setNameFor(segment.id);
    setName(segment.name);
    setShared(segment.shared);
    setError(null);
  }
  return (
    <Modal opened={segment !== null} onClose={onClose} title={`Save segment “${segment?.name ?? ''}”`} centered>
      <form
        onSubmit={(e) => {
          e.preventDefault();
          if (!segment) return;
          if (!name.trim()) return setError('Name is required');
          update.mutate(
            { id: segment.id, version: segment.version, name: name.trim(), shared, ...(filter ? { filter } : {}) },
            {
              onSuccess: (saved) => {
                onSaved(saved as Segment);
                onClose();
              },
              onError: (err) => {
                if (isApiError(err, 412)) return setError('Someone else changed this segment meanwhile. Pick it again to see their version.');
                if (isApiError(err) && err.fieldErrors.length) return setError(err.fieldErrors.map((f) => `${f.path}: ${f.message}`).join('; '));
                showApiError(err, undefined, 'Could not save the segment');
              },
            },
          );
        }}
      >
        <Stack>
          <Text size="sm" c="dimmed">
            {filter ? 'The segment gets the filters now shown above the list.' : 'Add at least one filter to change what the segment matches; the name and sharing can change anyway.'}
          </Text>
          <TextInput label="Segment name" required value={name} onChange={(e) => setName(e.currentTarget.value)} error={error} data-autofocus />
          <Switch label="Share with the team" checked={shared} onChange={(e) => setShared(e.currentTarget.checked)} />
          <Group justify="flex-end">
            <Button variant="default" onClick={onClose}>
              Cancel
            </Button>
            <Button type="submit" loading={update.isPending}>
              Save segment
            </Button>
          </Group>
        </Stack>
      </form>
    </Modal>
  );
}
