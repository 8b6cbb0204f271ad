import { Alert, Button, FileButton, Group, Paper, Progress, Stack, Text, ThemeIcon } from '@mantine/core';
import { IconFileUpload, IconUpload } from '@tabler/icons-react';
import { useRef, useState, type DragEvent } from 'react';
import { isApiError } from '../../api/api';
import { uploadForPreview, type ImportPreview } from '../../api/imports';
import { fileSize } from './importWords';

const ACCEPT = '.csv,.tsv,.txt,.xlsx,text/csv,text/tab-separated-values,text/plain,application/vnd.openxmlformats-officedocument.spreadsheetml.sheet';

/** Why an upload was refused, in the API's words (it names what is wrong with the file). */
function uploadError(error: unknown): string {
  if (!isApiError(error)) return error instanceof Error ? error.message : String(error);
  if (error.status === 413) return 'The file is too large to import. Split it into smaller files, or ask an admin to raise the import size limit.';
  const fileProblem = error.fieldErrors.find((e) => e.path === 'file');
  const text = fileProblem && !error.detail.includes(fileProblem.message) ? `${error.detail} (${fileProblem.message})` : error.detail;
  // The API's sentences start with the field's name ("file is empty."): it reads as "The file is empty."
  return text.startsWith('file ') ? `The ${text}` : text;
}

/** Step 1: drop a CSV, TSV or Excel file here (or pick one); it uploads with a progress bar and comes back as a preview. */
export function UploadStep({ onUploaded }: { onUploaded: (preview: ImportPreview) => void }) {
  const [dragging, setDragging] = useState(false);
  const [progress, setProgress] = useState<number | null>(null);
  const [current, setCurrent] = useState<File | null>(null);
  const [error, setError] = useState<string | null>(null);
  const abort = useRef<AbortController | null>(null);

  const upload = (file: File | null) => {
    if (!file) return;
    setError(null);
    setCurrent(file);
    setProgress(0);
    abort.current = new AbortController();
    uploadForPreview(file, setProgress, abort.current.signal).then(
      (preview) => {
        setProgress(null);
        onUploaded(preview);
      },
      (e: unknown) => {
        setProgress(null);
        if (e instanceof DOMException && e.name === 'AbortError') return;
        setError(uploadError(e));
      },
    );
  };

  const onDrop = (e: DragEvent) => {
    e.preventDefault();
    setDragging(false);
    if (progress !== null) return;
    upload(e.dataTransfer.files[0] ?? null);
  };
  const busy = progress !== null;

  return (
    <Stack gap="md">
      <Paper
        withBorder
        radius="md"
        p={{ base: 'md', sm: 'xl' }}
        onDragOver={(e) => {
          e.preventDefault();
          if (!busy) setDragging(true);
        }}
        onDragLeave={() => setDragging(false)}
        onDrop={onDrop}
        data-testid="import-drop-zone"
        style={{
          borderStyle: 'dashed',
          borderWidth: 2,
          borderColor: dragging ? 'var(--mantine-color-indigo-6)' : undefined,
          background: dragging ? 'var(--mantine-color-indigo-light)' : undefined,
        }}
      >
        <Stack align="center" ta="center" gap="sm">
          <ThemeIcon size={56} radius="xl" variant="light" aria-hidden>
            <IconFileUpload size={30} />
          </ThemeIcon>
          <Text fw={600}>{dragging ? 'Drop the file to upload it' : 'Drag a file here, or choose one'}</Text>
          <Text size="sm" c="dimmed" maw={480}>
            A CSV or TSV file (any encoding: UTF-8, UTF-16, Windows-1252) or an Excel workbook (.xlsx) with a header row. Exports of HubSpot, Salesforce, Twenty, Google Contacts and
            Outlook are recognised.
          </Text>
          <FileButton onChange={upload} accept={ACCEPT} disabled={busy}>
            {(props) => (
              <Button {...props} leftSection={<IconUpload size={16} />} loading={busy}>
                Choose a file
              </Button>
            )}
          </FileButton>
        </Stack>
      </Paper>

      {busy && current && (
        <Stack gap={4} role="status" aria-live="polite">
          <Group justify="space-between" wrap="nowrap">
            <Text size="sm" truncate>
              Uploading {current.name} ({fileSize(current.size)})
            </Text>
            <Text size="sm" c="dimmed">
              {Math.round((progress ?? 0) * 100)}%
            </Text>
          </Group>
          <Progress value={(progress ?? 0) * 100} aria-label="Upload progress" animated />
          <Group justify="flex-end">
            <Button size="xs" variant="subtle" color="gray" onClick={() => abort.current?.abort()}>
              Stop the upload
            </Button>
          </Group>
        </Stack>
      )}

      {error && (
        <Alert color="red" title={current ? `${current.name} could not be imported` : 'The file could not be imported'} role="alert">
          {error}
        </Alert>
      )}
    </Stack>
  );
}
