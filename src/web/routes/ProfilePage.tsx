import { Button, Group, Paper, Stack, Text, TextInput, Title } from '@mantine/core';
import { PasswordField } from '../components/PasswordField';
import { useForm } from '@mantine/form';
import { notifications } from '@mantine/notifications';
import { PASSWORD_MIN } from '../../domain/account';
import { useChangePassword, useUpdateProfile } from '../api/account';
import { required, showApiError } from '../components/formErrors';
import { PageHeader } from '../components/PageHeader';
import { useSession } from '../components/RequireAuth';
import { validNewPassword } from '../components/validators';

export function ProfilePage() {
  const me = useSession();
  return (
    <>
      <PageHeader title="Profile & password" description={me.user ? `You sign in as ${me.user.email}.` : undefined} />
      <Stack gap="lg" maw={560}>
        <NameForm initialName={me.user?.name ?? ''} />
        <PasswordForm />
      </Stack>
    </>
  );
}

function NameForm({ initialName }: { initialName: string }) {
  const update = useUpdateProfile();
  const form = useForm({ initialValues: { name: initialName }, validate: { name: required('Name') } });
  const submit = form.onSubmit(({ name }) =>
    update.mutate(
      { name: name.trim() },
      {
        onSuccess: (me) => {
          form.setInitialValues({ name: me.user?.name ?? '' });
          form.reset();
          notifications.show({ color: 'teal', message: 'Your name is saved.' });
        },
        onError: (error) => showApiError(error, form),
      },
    ),
  );
  return (
    <Paper withBorder p={{ base: 'md', sm: 'lg' }}>
      <form onSubmit={submit} noValidate>
        <Stack>
          <Title order={2} size="h4">
            Your name
          </Title>
          <TextInput label="Name" description="Shown to your team and in the audit log" required autoComplete="name" {...form.getInputProps('name')} />
          <Group justify="flex-end">
            <Button type="submit" loading={update.isPending} disabled={!form.isDirty()}>
              Save name
            </Button>
          </Group>
        </Stack>
      </form>
    </Paper>
  );
}

function PasswordForm() {
  const change = useChangePassword();
  const form = useForm({
    initialValues: { currentPassword: '', newPassword: '' },
    validate: { currentPassword: required('Current password'), newPassword: validNewPassword },
  });
  const submit = form.onSubmit((values) =>
    change.mutate(values, {
      onSuccess: () => {
        form.reset();
        notifications.show({ color: 'teal', title: 'Password changed', message: 'Your other sessions have been signed out.' });
      },
      onError: (error) => showApiError(error, form, 'Could not change the password'),
    }),
  );
  return (
    <Paper withBorder p={{ base: 'md', sm: 'lg' }}>
      <form onSubmit={submit} noValidate>
        <Stack>
          <Title order={2} size="h4">
            Change password
          </Title>
          <Text size="sm" c="dimmed">
            Changing it signs you out everywhere else.
          </Text>
          <PasswordField label="Current password" required autoComplete="current-password" {...form.getInputProps('currentPassword')} />
          <PasswordField
            label="New password"
            description={`At least ${PASSWORD_MIN} characters`}
            required
            autoComplete="new-password"
            {...form.getInputProps('newPassword')}
          />
          <Group justify="flex-end">
            <Button type="submit" loading={change.isPending}>
              Change password
            </Button>
          </Group>
        </Stack>
      </form>
    </Paper>
  );
}
