import { Alert, Button, Stack, TextInput } from '@mantine/core';
import { PasswordField } from '../components/PasswordField';
import { useForm } from '@mantine/form';
import { useDocumentTitle } from '@mantine/hooks';
import { IconAlertCircle } from '@tabler/icons-react';
import { useState } from 'react';
import { Navigate, useNavigate, useSearchParams } from 'react-router';
import { isApiError } from '../api/api';
import { useLogin, useMe, useSetupState } from '../api/account';
import { AuthCard } from '../components/AuthCard';
import { required, showApiError } from '../components/formErrors';
import { FullPageLoader, safeNext } from '../components/RequireAuth';

export function LoginPage() {
  useDocumentTitle('Sign in · Rapport');
  const [params] = useSearchParams();
  const next = safeNext(params.get('next'));
  const state = useSetupState();
  const me = useMe();
  const login = useLogin();
  const navigate = useNavigate();
  const [problem, setProblem] = useState<string | null>(null);
  const form = useForm({ initialValues: { email: '', password: '' }, validate: { email: required('Email'), password: required('Password') } });

  if (state.isPending || me.isPending) return <FullPageLoader />;
  if (state.data?.needed) return <Navigate to="/setup" replace />;
  if (me.data && !login.isPending) return <Navigate to={next} replace />;

  const submit = form.onSubmit((values) => {
    setProblem(null);
    login.mutate(values, {
      onSuccess: () => void navigate(next, { replace: true }),
      onError: (error) => {
        // Wrong credentials and throttling are about the whole form, not one field.
        if (isApiError(error, 401) || isApiError(error, 429)) {
          setProblem(error.detail);
          form.setFieldValue('password', '');
        } else showApiError(error, form, 'Could not sign in');
      },
    });
  });

  return (
    <AuthCard title="Sign in to Rapport">
      <form onSubmit={submit} noValidate>
        <Stack>
          {problem && (
            <Alert color="red" icon={<IconAlertCircle size={18} />} role="alert">
              {problem}
            </Alert>
          )}
          <TextInput label="Email" type="email" required autoComplete="username" autoFocus {...form.getInputProps('email')} />
          <PasswordField label="Password" required autoComplete="current-password" {...form.getInputProps('password')} />
          <Button type="submit" loading={login.isPending} fullWidth mt="xs">
            Sign in
          </Button>
        </Stack>
      </form>
    </AuthCard>
  );
}
