import { Alert, Button, Group, NumberInput, Paper, Select, Skeleton, Stack, Text } from '@mantine/core';
import { useForm } from '@mantine/form';
import { notifications } from '@mantine/notifications';
import { useEffect } from 'react';
import { roleAtLeast } from '../../../domain/role';
import { useClientSettings, useSaveClientSettings } from '../../api/clientMeta';
import { countryOptions } from '../../components/clients/PhoneField';
import { showApiError } from '../../components/formErrors';
import { PageHeader } from '../../components/PageHeader';
import { useSession } from '../../components/RequireAuth';

/** The workspace's client rules: the phone country, how long a client is "new", how long Trash keeps them. */
export function ClientSettingsPage() {
  const me = useSession();
  const admin = roleAtLeast(me.role, 'admin');
  const settings = useClientSettings();
  const save = useSaveClientSettings();
  const form = useForm({ initialValues: { defaultCountry: 'US', newClientDays: 30 as number | string, trashDays: 90 as number | string } });

  useEffect(() => {
    if (settings.data) {
      form.setValues(settings.data);
      form.resetDirty(settings.data);
    }
  }, [settings.data]);

  return (
    <>
      <PageHeader title="Client settings" description="Rules for every client of this workspace." />
      {settings.isPending && <Skeleton h={240} />}
      {settings.isError && <Alert color="red">{settings.error.message}</Alert>}
      {settings.isSuccess && (
        <Paper withBorder p="md" maw={640}>
          <form
            onSubmit={form.onSubmit((v) =>
              save.mutate(
                { defaultCountry: v.defaultCountry, newClientDays: Number(v.newClientDays), trashDays: Number(v.trashDays) },
                {
                  onSuccess: (s) => {
                    form.resetDirty(s);
                    notifications.show({ color: 'teal', message: 'Client settings saved.' });
                  },
                  onError: (e) => showApiError(e, form, 'Could not save the settings'),
                },
              ),
            )}
          >
            <Stack>
              <Select
                label="Default phone country"
                description="Phone numbers typed without a +country code are read in this country. Each phone field can still pick another."
                data={countryOptions}
                searchable
                allowDeselect={false}
                disabled={!admin}
                comboboxProps={{ withinPortal: true }}
                {...form.getInputProps('defaultCountry')}
              />
              <NumberInput label="A client is “new” for (days)" description="New clients can be filtered and followed up; after this they count as old." min={1} max={3650} disabled={!admin} {...form.getInputProps('newClientDays')} />
              <NumberInput label="Keep deleted clients in the Trash for (days)" description="After this, clients in the Trash are deleted for good." min={1} max={3650} disabled={!admin} {...form.getInputProps('trashDays')} />
              {admin ? (
                <Group justify="flex-end">
                  <Button type="submit" loading={save.isPending} disabled={!form.isDirty()}>
                    Save settings
                  </Button>
                </Group>
              ) : (
                <Text size="sm" c="dimmed">
                  Only owners and admins can change these settings.
                </Text>
              )}
            </Stack>
          </form>
        </Paper>
      )}
    </>
  );
}
