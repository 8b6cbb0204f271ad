import { Button, Stack, TextInput } from '@mantine/core';
import { PasswordField } from '../components/PasswordField';
import { useForm } from '@mantine/form';
import { useDocumentTitle } from '@mantine/hooks';
import { Navigate, useNavigate } from 'react-router';
import { PASSWORD_MIN } from '../../domain/account';
import { useMe, useSetup, useSetupState } from '../api/account';
import { AuthCard } from '../components/AuthCard';
import { required, showApiError } from '../components/formErrors';
import { FullPageLoader } from '../components/RequireAuth';
import { validEmail, validNewPassword } from '../components/validators';

export function SetupPage() {
  useDocumentTitle('Set up · Rapport');
  const state = useSetupState();
  const me = useMe();
  const setup = useSetup();
  const navigate = useNavigate();
  const form = useForm({
    initialValues: { workspaceName: '', name: '', email: '', password: '' },
    validate: { workspaceName: required('Workspace name'), name: required('Your name'), email: validEmail, password: validNewPassword },
  });

  if (state.isPending) return <FullPageLoader />;
  // Set-up succeeded a moment ago: this page flips to "not needed" while we go home.
  if (state.data && !state.data.needed && !setup.isSuccess) return <Navigate to={me.data ? '/' : '/login'} replace />;

  const submit = form.onSubmit((values) =>
    setup.mutate(values, {
      onSuccess: () => void navigate('/', { replace: true }),
      onError: (error) => showApiError(error, form, 'Could not set up Rapport'),
    }),
  );

  return (
    <AuthCard title="Welcome to Rapport" subtitle="Create your workspace and the first account. You will be its owner and can invite your team next.">
      <form onSubmit={submit} noValidate>
        <Stack>
          <TextInput label="Workspace name" description="Your business or team, e.g. Acme Studio" required autoFocus {...form.getInputProps('workspaceName')} />
          <TextInput label="Your name" required autoComplete="name" {...form.getInputProps('name')} />
          <TextInput label="Email" type="email" required autoComplete="email" {...form.getInputProps('email')} />
          <PasswordField
            label="Password"
            description={`At least ${PASSWORD_MIN} characters`}
            required
            autoComplete="new-password"
            {...form.getInputProps('password')}
          />
          <Button type="submit" loading={setup.isPending} fullWidth mt="xs">
            Create workspace and account
          </Button>
        </Stack>
      </form>
    </AuthCard>
  );
}
