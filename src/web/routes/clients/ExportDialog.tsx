import { Alert, Anchor, Button, Checkbox, Group, Modal, Progress, ScrollArea, SegmentedControl, SimpleGrid, Skeleton, Stack, Text } from '@mantine/core';
import { useMediaQuery } from '@mantine/hooks';
import { IconDownload, IconFileSpreadsheet } from '@tabler/icons-react';
import { useEffect, useMemo, useState } from 'react';
import { isApiError } from '../../api/api';
import type { BulkTarget } from '../../api/clients';
import { directExportUrl, useCreateExport, useExport, useExportColumns, type ExportColumnInfo, type ExportFormat } from '../../api/exports';
import { clientsWord, numberFormat } from '../../components/clients/ClientBits';

/** Up to this many clients (and no contacts or activity) the file streams straight to the browser; more run as a background export. */
export const DIRECT_EXPORT_LIMIT = 10_000;

const formats: { value: ExportFormat; label: string }[] = [
  { value: 'csv', label: 'CSV' },
  { value: 'xlsx', label: 'Excel' },
  { value: 'json', label: 'JSON' },
  { value: 'vcf', label: 'vCard' },
];
const formatHints: Record<ExportFormat, string> = {
  csv: 'Opens in Excel, Numbers and Google Sheets (UTF-8).',
  xlsx: 'An Excel workbook with numbers kept as numbers.',
  json: 'JSON lines: one client per line, for scripts and other systems.',
  vcf: 'Contact cards for Google Contacts, Outlook or a phone: names, company, e-mails, phones, address.',
};
const groupLabels: Record<ExportColumnInfo['group'], string> = { profile: 'Profile', address: 'Address', figures: 'Figures', custom: 'Custom fields', system: 'Record' };
const groupOrder: ExportColumnInfo['group'][] = ['profile', 'address', 'figures', 'custom', 'system'];

const partWords = { clients: ['client', 'clients'], contacts: ['contact', 'contacts'], interactions: ['interaction', 'interactions'] } as const;
const rowsWord = (part: keyof typeof partWords, n: number) => `${numberFormat.format(n)} ${partWords[part][n === 1 ? 0 : 1]}`;

/** `sort`: the list's, so the file's rows come in the order the list shows them. */
type Props = { opened: boolean; onClose: () => void; target: BulkTarget; count: number | undefined; sort?: string };

/** Export the list's clients or a selection: format, columns, contacts and activity; small sets download at once. */
export function ExportDialog({ opened, onClose, target, count, sort }: Props) {
  const phone = useMediaQuery('(max-width: 48em)');
  const columns = useExportColumns(opened);
  const create = useCreateExport();
  const [format, setFormat] = useState<ExportFormat>('csv');
  const [chosen, setChosen] = useState<string[] | null>(null);
  const [contacts, setContacts] = useState(false);
  const [activity, setActivity] = useState(false);
  const [exportId, setExportId] = useState<string | null>(null);
  const [error, setError] = useState<string | null>(null);
  const job = useExport(exportId);

  const defaults = useMemo(() => (columns.data ?? []).filter((c) => c.default).map((c) => c.key), [columns.data]);
  useEffect(() => {
    if (chosen === null && columns.data) setChosen(defaults);
  }, [chosen, columns.data, defaults]);
  const selected = useMemo(() => new Set(chosen ?? []), [chosen]);
  const groups = useMemo(() => groupOrder.map((g) => ({ group: g, items: (columns.data ?? []).filter((c) => c.group === g) })).filter((g) => g.items.length), [columns.data]);

  const close = () => {
    setExportId(null);
    setError(null);
    create.reset();
    onClose();
  };
  const include = [...(contacts ? (['contacts'] as const) : []), ...(activity ? (['interactions'] as const) : [])];
  // Keep the catalogue's order whatever order the boxes were ticked in.
  const orderedColumns = (columns.data ?? []).map((c) => c.key).filter((k) => selected.has(k));
  const request = { format, columns: orderedColumns, include, target, sort };
  const direct = count !== undefined && count <= DIRECT_EXPORT_LIMIT ? directExportUrl(request) : null;
  const ready = format === 'vcf' || orderedColumns.length > 0;

  const start = () => {
    setError(null);
    if (direct) {
      // A plain link: the browser streams the file to disk with its own download UI.
      const a = document.createElement('a');
      a.href = direct;
      a.download = '';
      document.body.appendChild(a);
      a.click();
      a.remove();
      close();
      return;
    }
    create.mutate(request, {
      onSuccess: (r) => setExportId(r.id),
      onError: (e) => setError(isApiError(e) && e.fieldErrors.length ? e.fieldErrors.map((f) => `${f.path}: ${f.message}`).join('; ') : e.message),
    });
  };

  const status = job.data?.status;
  const progress = job.data?.total ? Math.min(100, Math.round((100 * job.data.done) / job.data.total)) : 0;
  const toggle = (key: string, on: boolean) => setChosen((c) => (on ? [...(c ?? []), key] : (c ?? []).filter((k) => k !== key)));

  return (
    <Modal opened={opened} onClose={close} title={count === undefined ? 'Export clients' : `Export ${clientsWord(count)}`} size="lg" centered fullScreen={!!phone}>
      {exportId ? (
        <Stack>
          {status !== 'completed' && status !== 'failed' && status !== 'cancelled' && (
            <Stack gap={4}>
              <Text size="sm">Preparing the files in the background. You can close this window; the export carries on.</Text>
              <Progress value={progress} animated aria-label="Export progress" />
              <Text size="xs" c="dimmed">
                {numberFormat.format(job.data?.done ?? 0)} of {job.data?.total ? numberFormat.format(job.data.total) : '…'} rows written
              </Text>
            </Stack>
          )}
          {(status === 'failed' || status === 'cancelled') && <Alert color="red">The export {status === 'cancelled' ? 'was cancelled' : `failed: ${job.data?.error ?? 'unknown error'}`}.</Alert>}
          {status === 'completed' && (
            <Alert color="teal" title="Your export is ready" role="status">
              <Stack gap={6}>
                {job.data!.files.map((f) => (
                  <Group key={f.part} gap="xs" wrap="nowrap">
                    <IconDownload size={16} aria-hidden />
                    <Anchor href={f.url} download={f.name} style={{ wordBreak: 'break-all' }}>
                      {f.name}
                    </Anchor>
                    <Text size="xs" c="dimmed" style={{ whiteSpace: 'nowrap' }}>
                      {rowsWord(f.part, f.rows)}
                    </Text>
                  </Group>
                ))}
              </Stack>
            </Alert>
          )}
          <Group justify="flex-end">
            <Button onClick={close}>Close</Button>
          </Group>
        </Stack>
      ) : (
        <Stack>
          <div>
            <Text size="sm" fw={500} mb={4} id="export-format-label">
              Format
            </Text>
            <SegmentedControl aria-labelledby="export-format-label" fullWidth value={format} onChange={(v) => setFormat(v as ExportFormat)} data={formats} />
            <Text size="xs" c="dimmed" mt={4}>
              {formatHints[format]}
            </Text>
          </div>
          {format !== 'vcf' && (
            <div>
              <Group justify="space-between" mb={4}>
                <Text size="sm" fw={500}>
                  Columns ({orderedColumns.length})
                </Text>
                <Group gap="xs">
                  <Anchor component="button" size="xs" onClick={() => setChosen(defaults)}>
                    Default
                  </Anchor>
                  <Anchor component="button" size="xs" onClick={() => setChosen((columns.data ?? []).map((c) => c.key))}>
                    All
                  </Anchor>
                  <Anchor component="button" size="xs" onClick={() => setChosen([])}>
                    None
                  </Anchor>
                </Group>
              </Group>
              {columns.isPending ? (
                <Skeleton h={200} />
              ) : (
                <ScrollArea.Autosize mah={phone ? undefined : 280} type="auto" offsetScrollbars>
                  <Stack gap="sm">
                    {groups.map(({ group, items }) => (
                      <div key={group} role="group" aria-label={groupLabels[group]}>
                        <Text size="xs" c="dimmed" tt="uppercase" fw={600} mb={4}>
                          {groupLabels[group]}
                        </Text>
                        <SimpleGrid cols={{ base: 2, sm: 3 }} spacing={6} verticalSpacing={6}>
                          {items.map((c) => (
                            <Checkbox key={c.key} size="xs" label={c.label} checked={selected.has(c.key)} onChange={(e) => toggle(c.key, e.currentTarget.checked)} />
                          ))}
                        </SimpleGrid>
                      </div>
                    ))}
                  </Stack>
                </ScrollArea.Autosize>
              )}
            </div>
          )}
          <div>
            <Text size="sm" fw={500} mb={4}>
              Also export
            </Text>
            <Group gap="lg">
              <Checkbox label="Contacts" checked={contacts} onChange={(e) => setContacts(e.currentTarget.checked)} />
              <Checkbox label="Activity (interactions)" checked={activity} onChange={(e) => setActivity(e.currentTarget.checked)} />
            </Group>
            {include.length > 0 && (
              <Text size="xs" c="dimmed" mt={4}>
                Each goes in its own {format === 'xlsx' ? 'workbook' : format === 'json' ? 'JSON lines file' : 'CSV file'}, with the client’s id and name on every row.
              </Text>
            )}
          </div>
          {error && <Alert color="red">{error}</Alert>}
          <Text size="xs" c="dimmed">
            {direct ? 'The file downloads straight away.' : 'The export runs in the background; a download link appears here when it is ready.'} Rows come in the list’s order. Exports are recorded in the audit log.
          </Text>
          <Group justify="flex-end">
            <Button variant="default" onClick={close}>
              Cancel
            </Button>
            <Button leftSection={<IconFileSpreadsheet size={16} />} onClick={start} disabled={!ready} loading={create.isPending}>
              {direct ? 'Download' : 'Start export'}
            </Button>
          </Group>
        </Stack>
      )}
    </Modal>
  );
}
