import { Alert, Button, Group, Modal, Paper, Radio, Select, SimpleGrid, Stack, Table, Text, TextInput, Title } from '@mantine/core';
import { notifications } from '@mantine/notifications';
import { IconArrowLeft, IconDeviceFloppy, IconListCheck, IconTrash } from '@tabler/icons-react';
import { useMemo, useState } from 'react';
import { applyPreset } from '../../../domain/importPresets';
import { customFields as customFieldsApi } from '../../api/clientMeta';
import { useDeletePreset, useImportPresets, useSavePreset, type ImportMapping, type ImportMatchOn, type ImportMode, type ImportPreview, type ImportTransform } from '../../api/imports';
import { showApiError } from '../../components/formErrors';
import { useSession } from '../../components/RequireAuth';
import { roleAtLeast } from '../../../domain/role';
import { ColumnRow, type FieldGroup } from './ColumnRow';
import { fileSize, matchOptions, modeOptions } from './importWords';
import { NewFieldModal } from './NewFieldModal';

export type MappingState = { mapping: ImportMapping; transforms: Record<string, ImportTransform>; mode: ImportMode; matchOn: ImportMatchOn };

/** The target each match key needs a column mapped to. */
const matchTarget: Record<ImportMatchOn, string> = { email: 'email', phone: 'phone', externalId: 'externalId' };

/** Problems a start would be refused for (the API checks the same), by column header; '' for the mapping as a whole. */
export function mappingProblems(headers: string[], mapping: ImportMapping): Record<string, string> {
  const problems: Record<string, string> = {};
  const used = new Map<string, string>();
  for (const h of headers) {
    const t = mapping[h];
    if (!t) continue;
    if (t !== 'tags' && used.has(t)) problems[h] = `Already mapped from “${used.get(t)}”: ignore one of them`;
    else used.set(t, h);
  }
  if (!headers.some((h) => mapping[h])) problems[''] = 'Map at least one column to a field.';
  return problems;
}

type Props = {
  preview: ImportPreview;
  value: MappingState;
  onChange: (next: MappingState) => void;
  onBack: () => void;
  onCheck: () => void;
  checking: boolean;
};

/** Step 2: the first rows, a field for each column (suggested, or from a preset), transforms, mode and match key. */
export function MappingStep({ preview, value, onChange, onBack, onCheck, checking }: Props) {
  const imp = preview.import;
  const headers = imp.headers;
  const presets = useImportPresets();
  const savePreset = useSavePreset();
  const deletePreset = useDeletePreset();
  const custom = customFieldsApi.useList();
  const [presetId, setPresetId] = useState<string | null>(null);
  const [saving, setSaving] = useState(false);
  const [presetName, setPresetName] = useState('');
  const [touched, setTouched] = useState(false);
  const [newFieldFor, setNewFieldFor] = useState<string | null>(null);
  const admin = roleAtLeast(useSession().role, 'admin');

  const fieldGroups: FieldGroup[] = useMemo(() => {
    const builtin = preview.fields.filter((f) => f.kind === 'builtin');
    const groups: FieldGroup[] = [
      { group: 'Client', items: builtin.filter((f) => !f.target.startsWith('address.') && !f.target.startsWith('contact.') && f.target !== 'tags').map((f) => ({ value: f.target, label: f.label })) },
      { group: 'Address', items: builtin.filter((f) => f.target.startsWith('address.')).map((f) => ({ value: f.target, label: f.label })) },
      // A contact person of the client (one per row). The labels keep their "Contact:" prefix: a
      // chosen option shows without its group, and "E-mail" alone would read as the client's.
      { group: 'Contact person', items: builtin.filter((f) => f.target.startsWith('contact.')).map((f) => ({ value: f.target, label: f.label })) },
      { group: 'Tags', items: builtin.filter((f) => f.target === 'tags').map((f) => ({ value: f.target, label: 'Tags (separated by ; or ,)' })) },
    ];
    // The workspace's fields now: those made since the upload (or from a column here) are in too.
    const customItems = new Map(preview.fields.filter((f) => f.kind === 'custom').map((f) => [f.target, f.label]));
    for (const f of custom.data ?? []) customItems.set(`custom.${f.key}`, f.label);
    if (customItems.size) groups.push({ group: 'Custom fields', items: [...customItems].map(([value, label]) => ({ value, label })) });
    return groups;
  }, [preview.fields, custom.data]);
  const dateTargets = useMemo(() => new Set(['dateOfBirth', ...(custom.data ?? []).filter((f) => f.type === 'date').map((f) => `custom.${f.key}`)]), [custom.data]);

  const problems = mappingProblems(headers, value.mapping);
  const mappedCount = headers.filter((h) => value.mapping[h]).length;
  const matchMapped = headers.some((h) => value.mapping[h] === matchTarget[value.matchOn]);
  const matchLabel = matchOptions.find((m) => m.value === value.matchOn)!.label;
  const samplesOf = (i: number) => preview.rows.map((r) => r[i] ?? '');

  // The full list (it has presets saved since the upload), best fit first; the preview's own list until it loads.
  const presetFits = presets.data ? presets.data.map((p) => ({ ...p, matches: applyPreset(p, headers).matches })).sort((a, b) => b.matches - a.matches) : preview.presets;
  const presetData = presetFits.map((p) => ({ value: p.id, label: `${p.name}${p.builtin ? '' : ' (saved)'} — ${p.matches} of ${headers.length} columns` }));
  const chosenPreset = presets.data?.find((p) => p.id === presetId) ?? null;
  const pickPreset = (id: string | null) => {
    setPresetId(id);
    const p = presets.data?.find((x) => x.id === id);
    if (!p) return;
    const applied = applyPreset(p, headers);
    // Columns the preset does not name keep their suggestion when its field is still free.
    const taken = new Set(Object.values(applied.mapping));
    const mapping: ImportMapping = { ...applied.mapping };
    for (const h of headers) {
      const s = preview.suggestedMapping[h];
      if (!(h in mapping) && s && !taken.has(s)) mapping[h] = s;
    }
    onChange({ ...value, mapping, transforms: applied.transforms });
  };

  const save = () =>
    savePreset.mutate(
      { name: presetName.trim(), mapping: Object.fromEntries(headers.filter((h) => value.mapping[h]).map((h) => [h, value.mapping[h]!])), transforms: value.transforms },
      {
        onSuccess: (p) => {
          setSaving(false);
          setPresetName('');
          setPresetId(p.id);
          notifications.show({ color: 'teal', title: 'Preset saved', message: `“${p.name}” is offered for the next files with these columns.` });
        },
        onError: (e) => showApiError(e, undefined, 'Could not save the preset'),
      },
    );

  const check = () => {
    setTouched(true);
    if (Object.keys(problems).length === 0) onCheck();
  };

  return (
    <Stack gap="lg">
      <Paper withBorder p="sm" radius="md">
        <Group justify="space-between" gap="xs" wrap="wrap">
          <Text size="sm">
            <b>{imp.fileName}</b> · {fileSize(imp.fileSize)} · {imp.format.toUpperCase()}
            {imp.encoding ? ` · ${imp.encoding}` : ''}
            {imp.delimiter ? ` · separated by ${imp.delimiter === '\t' ? 'tabs' : `“${imp.delimiter}”`}` : ''} · {headers.length} columns
          </Text>
          <Button size="xs" variant="subtle" leftSection={<IconArrowLeft size={14} />} onClick={onBack}>
            Choose another file
          </Button>
        </Group>
      </Paper>

      <section aria-labelledby="import-first-rows">
        <Title order={2} size="h4" id="import-first-rows" mb="xs">
          First rows
        </Title>
        {preview.rows.length === 0 ? (
          <Alert color="orange">The file has a header row but no data rows: there is nothing to import.</Alert>
        ) : (
          <Table.ScrollContainer minWidth={Math.min(1200, headers.length * 140)} maxHeight={260}>
            <Table striped withTableBorder fz="xs" aria-label="First rows of the file" stickyHeader>
              <Table.Thead>
                <Table.Tr>
                  <Table.Th scope="col">Row</Table.Th>
                  {headers.map((h) => (
                    <Table.Th key={h} scope="col" style={{ whiteSpace: 'nowrap' }}>
                      {h}
                    </Table.Th>
                  ))}
                </Table.Tr>
              </Table.Thead>
              <Table.Tbody>
                {preview.rows.slice(0, 8).map((r, i) => (
                  <Table.Tr key={i}>
                    <Table.Td c="dimmed">{i + 2}</Table.Td>
                    {headers.map((h, j) => (
                      <Table.Td key={h} style={{ maxWidth: 220, overflow: 'hidden', textOverflow: 'ellipsis', whiteSpace: 'nowrap' }}>
                        {r[j] ?? ''}
                      </Table.Td>
                    ))}
                  </Table.Tr>
                ))}
              </Table.Tbody>
            </Table>
          </Table.ScrollContainer>
        )}
      </section>

      <section aria-labelledby="import-columns">
        <Group justify="space-between" align="flex-end" mb="xs" gap="xs" wrap="wrap">
          <div>
            <Title order={2} size="h4" id="import-columns">
              Columns
            </Title>
            <Text size="sm" c="dimmed">
              {mappedCount} of {headers.length} columns will be imported. Suggestions come from the column names; pick a preset for another CRM’s export.
            </Text>
          </div>
          <Group gap="xs" align="flex-end" wrap="wrap">
            <Select
              label="Preset"
              placeholder="Suggested from the column names"
              data={presetData}
              value={presetId}
              onChange={pickPreset}
              clearable
              w={{ base: '100%', xs: 320 }}
              comboboxProps={{ withinPortal: true }}
            />
            {chosenPreset && !chosenPreset.builtin && (
              <Button
                variant="subtle"
                color="red"
                leftSection={<IconTrash size={14} />}
                loading={deletePreset.isPending}
                onClick={() => deletePreset.mutate(chosenPreset.id, { onSuccess: () => setPresetId(null), onError: (e) => showApiError(e, undefined, 'Could not delete the preset') })}
              >
                Delete preset
              </Button>
            )}
            <Button variant="default" leftSection={<IconDeviceFloppy size={16} />} onClick={() => setSaving(true)} disabled={mappedCount === 0}>
              Save mapping as preset
            </Button>
          </Group>
        </Group>
        <Stack gap="xs" component="ul" m={0} p={0} style={{ listStyle: 'none' }} aria-label="Columns of the file">
          {headers.map((h, i) => (
            <ColumnRow
              key={h}
              header={h}
              samples={samplesOf(i)}
              target={value.mapping[h] ?? null}
              transform={value.transforms[h]}
              fieldGroups={fieldGroups}
              isDate={!!value.mapping[h] && dateTargets.has(value.mapping[h]!)}
              error={problems[h] ?? null}
              onNewField={admin ? () => setNewFieldFor(h) : undefined}
              onTarget={(t) => onChange({ ...value, mapping: { ...value.mapping, [h]: t } })}
              onTransform={(tr) => onChange({ ...value, transforms: { ...value.transforms, [h]: tr } })}
            />
          ))}
        </Stack>
      </section>

      <section aria-labelledby="import-how">
        <Title order={2} size="h4" id="import-how" mb="xs">
          Clients already in Rapport
        </Title>
        <SimpleGrid cols={{ base: 1, sm: 2 }} spacing="lg">
          <Radio.Group label="What to do with each row" value={value.mode} onChange={(v) => onChange({ ...value, mode: v as ImportMode })}>
            <Stack gap="xs" mt="xs">
              {modeOptions.map((m) => (
                <Radio key={m.value} value={m.value} label={m.label} description={m.help} />
              ))}
            </Stack>
          </Radio.Group>
          <Radio.Group label="A row is an existing client when the same" value={value.matchOn} onChange={(v) => onChange({ ...value, matchOn: v as ImportMatchOn })}>
            <Stack gap="xs" mt="xs">
              {matchOptions.map((m) => (
                <Radio key={m.value} value={m.value} label={m.label} description={m.help} />
              ))}
            </Stack>
          </Radio.Group>
        </SimpleGrid>
        {!matchMapped && (
          <Alert color="orange" mt="sm" variant="light">
            No column is mapped to {matchLabel}: no row can match an existing client{value.mode === 'update' ? ', so nothing would be updated' : ''}. Map one, or match on another field.
          </Alert>
        )}
      </section>

      {touched && problems[''] && (
        <Alert color="red" role="alert">
          {problems['']}
        </Alert>
      )}
      {touched && Object.keys(problems).some((k) => k) && (
        <Alert color="red" role="alert">
          Two columns go to the same field. Ignore one of them or pick another field (see the columns marked in red).
        </Alert>
      )}

      <Group justify="space-between" gap="xs" wrap="wrap">
        <Button variant="default" leftSection={<IconArrowLeft size={16} />} onClick={onBack}>
          Back
        </Button>
        <Group gap="xs">
          <Text size="xs" c="dimmed" visibleFrom="xs">
            The check writes nothing.
          </Text>
          <Button leftSection={<IconListCheck size={16} />} onClick={check} loading={checking}>
            Check the file
          </Button>
        </Group>
      </Group>

      <NewFieldModal
        header={newFieldFor}
        onClose={() => setNewFieldFor(null)}
        onCreated={(f) => {
          if (newFieldFor) onChange({ ...value, mapping: { ...value.mapping, [newFieldFor]: `custom.${f.key}` } });
          setNewFieldFor(null);
        }}
      />
      <Modal opened={saving} onClose={() => setSaving(false)} title="Save this mapping as a preset" centered>
        <form
          onSubmit={(e) => {
            e.preventDefault();
            if (presetName.trim()) save();
          }}
        >
          <Stack>
            <Text size="sm" c="dimmed">
              The {mappedCount} mapped columns and their transforms are saved for this workspace. Files with the same column names will offer it.
            </Text>
            <TextInput label="Name" placeholder="e.g. Shop export" value={presetName} onChange={(e) => setPresetName(e.currentTarget.value)} required maxLength={100} data-autofocus />
            <Group justify="flex-end">
              <Button variant="default" onClick={() => setSaving(false)}>
                Cancel
              </Button>
              <Button type="submit" loading={savePreset.isPending} disabled={!presetName.trim()}>
                Save preset
              </Button>
            </Group>
          </Stack>
        </form>
      </Modal>
    </Stack>
  );
}
