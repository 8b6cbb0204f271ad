import { Button, Checkbox, FileInput, Group, Modal, Progress, Select, Stack, Text, TextInput } from '@mantine/core';
import { useForm } from '@mantine/form';
import { notifications } from '@mantine/notifications';
import { IconUpload } from '@tabler/icons-react';
import { useState } from 'react';
import { documentKinds, verificationStatuses } from '../../../domain/document';
import { useDocumentSettings, useUploadDocument } from '../../api/documents';
import { usePhoneModal } from '../clients/ClientBits';
import { showApiError } from '../formErrors';
import { humanize } from './labels';

type Props = { clientId: string; opened: boolean; onClose: () => void };

export const documentKindLabel = (k: string) => (k === 'id' ? 'ID document' : humanize(k));

/** Upload a document with its kind, expiry, confidentiality and verification status; shows progress. */
export function UploadModal({ clientId, opened, onClose }: Props) {
  const phone = usePhoneModal();
  return (
    <Modal opened={opened} onClose={onClose} title="Upload a document" fullScreen={phone}>
      {opened && <UploadForm clientId={clientId} onDone={onClose} />}
    </Modal>
  );
}

function UploadForm({ clientId, onDone }: { clientId: string; onDone: () => void }) {
  const upload = useUploadDocument(clientId);
  const limit = useDocumentSettings().data?.maxUploadMb ?? 25;
  const [progress, setProgress] = useState(0);
  const form = useForm({
    initialValues: { file: null as File | null, kind: 'other', title: '', expiresAt: '', confidential: false, verification: 'unverified' },
    validate: {
      file: (f) => (!f ? 'Choose a file' : f.size > limit * 1024 * 1024 ? `The file is larger than the ${limit} MB limit` : null),
    },
  });
  const submit = form.onSubmit((v) => {
    setProgress(0);
    upload.mutate(
      { file: v.file!, fields: { kind: v.kind, title: v.title.trim() || undefined, expiresAt: v.expiresAt || undefined, confidential: v.confidential, verification: v.verification }, onProgress: setProgress },
      {
        onSuccess: (doc) => {
          notifications.show({ color: 'teal', message: `${doc.title ?? doc.fileName} uploaded.` });
          onDone();
        },
        onError: (e) => showApiError(e, form, 'Could not upload'),
      },
    );
  });
  return (
    <form onSubmit={submit}>
      <Stack gap="sm">
        <FileInput label="File" description={`PDF, images, Office files, text or CSV; up to ${limit} MB`} placeholder="Choose a file" leftSection={<IconUpload size={16} />} clearable required {...form.getInputProps('file')} />
        <Group grow align="flex-start" wrap="wrap">
          <Select label="Kind" data={documentKinds.map((k) => ({ value: k, label: documentKindLabel(k) }))} allowDeselect={false} {...form.getInputProps('kind')} />
          <Select label="Verification" data={verificationStatuses.map((s) => ({ value: s, label: humanize(s) }))} allowDeselect={false} {...form.getInputProps('verification')} />
        </Group>
        <TextInput label="Title" placeholder="The file name when empty" maxLength={200} {...form.getInputProps('title')} />
        <TextInput type="date" label="Expires on" {...form.getInputProps('expiresAt')} />
        <Checkbox label="Confidential (only roles the workspace allows can see it)" {...form.getInputProps('confidential', { type: 'checkbox' })} />
        {upload.isPending && (
          <Stack gap={4}>
            <Progress value={progress * 100} aria-label="Upload progress" animated />
            <Text size="xs" c="dimmed">
              {Math.round(progress * 100)} %
            </Text>
          </Stack>
        )}
        <Group justify="flex-end">
          <Button variant="default" onClick={onDone}>
            Cancel
          </Button>
          <Button type="submit" loading={upload.isPending}>
            Upload
          </Button>
        </Group>
      </Stack>
    </form>
  );
}
