import { ActionIcon, Alert, Anchor, Badge, Button, Group, Paper, Select, Skeleton, Stack, Table, Text, Tooltip, VisuallyHidden } from '@mantine/core';
import { IconDownload, IconLock, IconUpload } from '@tabler/icons-react';
import { useState } from 'react';
import { verificationStatuses } from '../../../domain/document';
import { useDocuments, useUpdateDocument, type Document } from '../../api/documents';
import { showApiError } from '../formErrors';
import { formatDate } from './dates';
import { humanize } from './labels';
import { documentKindLabel, UploadModal } from './UploadModal';

const verificationColors = { unverified: 'gray', pending: 'yellow', verified: 'teal', rejected: 'red' } as const;

const size = (bytes: number) => (bytes < 1024 ? `${bytes} B` : bytes < 1024 ** 2 ? `${(bytes / 1024).toFixed(0)} KB` : `${(bytes / 1024 ** 2).toFixed(1)} MB`);

/** The client's documents: upload with progress, download, verification status, expiry, confidential badge. */
export function DocumentsTab({ clientId, canWrite }: { clientId: string; canWrite: boolean }) {
  const docs = useDocuments(clientId);
  const update = useUpdateDocument(clientId);
  const [uploading, setUploading] = useState(false);
  const list = docs.data?.data ?? [];
  const setVerification = (d: Document, verification: string | null) =>
    verification &&
    update.mutate({ id: d.id, verification: verification as Document['verification'], version: d.version }, { onError: (e) => showApiError(e, undefined, 'Could not change the status') });

  return (
    <Stack gap="sm">
      <Group justify="space-between">
        <Text size="sm" c="dimmed">
          {docs.data ? `${docs.data.total} ${docs.data.total === 1 ? 'document' : 'documents'}` : ' '}
        </Text>
        {canWrite && (
          <Button size="xs" leftSection={<IconUpload size={14} />} onClick={() => setUploading(true)}>
            Upload document
          </Button>
        )}
      </Group>
      {docs.isPending ? (
        <Skeleton h={120} />
      ) : docs.isError ? (
        <Alert color="red">{docs.error.message}</Alert>
      ) : list.length === 0 ? (
        <Paper withBorder p="lg" ta="center">
          <Text fw={600}>No documents yet</Text>
          <Text size="sm" c="dimmed">
            Upload an ID, a contract or a report with “Upload document”; set its expiry date and verification status as you go.
          </Text>
        </Paper>
      ) : (
        <Table.ScrollContainer minWidth={620}>
          <Table verticalSpacing="xs" aria-label="Documents">
            <Table.Thead>
              <Table.Tr>
                <Table.Th>Document</Table.Th>
                <Table.Th>Kind</Table.Th>
                <Table.Th>Verification</Table.Th>
                <Table.Th>Expires</Table.Th>
                <Table.Th>
                  <VisuallyHidden>Download</VisuallyHidden>
                </Table.Th>
              </Table.Tr>
            </Table.Thead>
            <Table.Tbody>
              {list.map((d) => (
                <Table.Tr key={d.id}>
                  <Table.Td>
                    <Group gap={6} wrap="nowrap">
                      <Anchor href={d.downloadUrl} size="sm" fw={600} style={{ overflowWrap: 'anywhere' }}>
                        {d.title ?? d.fileName}
                      </Anchor>
                      {d.confidential && (
                        <Badge size="xs" color="red" variant="light" leftSection={<IconLock size={10} />}>
                          Confidential
                        </Badge>
                      )}
                    </Group>
                    <Text size="xs" c="dimmed">
                      {d.fileName} · {size(d.size)} · added {formatDate(d.createdAt)}
                    </Text>
                  </Table.Td>
                  <Table.Td>
                    <Text size="sm">{documentKindLabel(d.kind)}</Text>
                  </Table.Td>
                  <Table.Td>
                    {canWrite ? (
                      <Select
                        size="xs"
                        w={130}
                        aria-label={`Verification of ${d.title ?? d.fileName}`}
                        data={verificationStatuses.map((s) => ({ value: s, label: humanize(s) }))}
                        value={d.verification}
                        allowDeselect={false}
                        onChange={(v) => setVerification(d, v)}
                      />
                    ) : (
                      <Badge color={verificationColors[d.verification]} variant="light">
                        {humanize(d.verification)}
                      </Badge>
                    )}
                  </Table.Td>
                  <Table.Td>
                    <Text size="sm" c={d.expired ? 'red' : undefined}>
                      {d.expiresAt ? `${formatDate(d.expiresAt)}${d.expired ? ' (expired)' : ''}` : '—'}
                    </Text>
                  </Table.Td>
                  <Table.Td>
                    <Tooltip label="Download">
                      <ActionIcon component="a" href={d.downloadUrl} variant="subtle" aria-label={`Download ${d.title ?? d.fileName}`}>
                        <IconDownload size={16} />
                      </ActionIcon>
                    </Tooltip>
                  </Table.Td>
                </Table.Tr>
              ))}
            </Table.Tbody>
          </Table>
        </Table.ScrollContainer>
      )}
      <UploadModal clientId={clientId} opened={uploading} onClose={() => setUploading(false)} />
    </Stack>
  );
}
