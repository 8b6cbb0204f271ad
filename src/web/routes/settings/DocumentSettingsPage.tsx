import { NumberInput, Stack } from '@mantine/core';
import { useForm } from '@mantine/form';
import { notifications } from '@mantine/notifications';
import { MAX_UPLOAD_MB, type DocumentSettings } from '../../../domain/document';
import { useDocumentSettings, useUpdateDocumentSettings } from '../../api/documents';
import { showApiError } from '../../components/formErrors';
import { SaveRow, SettingsFrame } from './SettingsForm';

/** The upload size limit for client documents. */
export function DocumentSettingsPage() {
  const settings = useDocumentSettings();
  return (
    <SettingsFrame title="Document settings" description="Rules for files uploaded to clients." query={settings}>
      {(data, admin) => <DocumentForm data={data} admin={admin} />}
    </SettingsFrame>
  );
}

function DocumentForm({ data, admin }: { data: DocumentSettings; admin: boolean }) {
  const save = useUpdateDocumentSettings();
  const form = useForm({ initialValues: { maxUploadMb: data.maxUploadMb as number | string } });
  const submit = form.onSubmit((v) =>
    save.mutate(
      { maxUploadMb: Number(v.maxUploadMb) },
      {
        onSuccess: () => {
          form.resetDirty();
          notifications.show({ color: 'teal', message: 'Document settings saved.' });
        },
        onError: (e) => showApiError(e, form, 'Could not save the settings'),
      },
    ),
  );
  return (
    <form onSubmit={submit}>
      <Stack>
        <NumberInput
          label="Largest upload (MB)"
          description={`Files above this are refused before they are stored. At most ${MAX_UPLOAD_MB} MB.`}
          min={1}
          max={MAX_UPLOAD_MB}
          allowDecimal={false}
          disabled={!admin}
          {...form.getInputProps('maxUploadMb')}
        />
        <SaveRow admin={admin} loading={save.isPending} dirty={form.isDirty()} />
      </Stack>
    </form>
  );
}
