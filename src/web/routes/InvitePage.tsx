import { Alert, Button, Stack, Text, TextInput } from '@mantine/core';
import { PasswordField } from '../components/PasswordField';
import { useForm } from '@mantine/form';
import { useDocumentTitle } from '@mantine/hooks';
import { Link, useNavigate, useParams } from 'react-router';
import { PASSWORD_MIN } from '../../domain/account';
import { useAcceptInvitation, useInvitation, type InvitationInfo } from '../api/account';
import { isApiError } from '../api/api';
import { AuthCard } from '../components/AuthCard';
import { required, showApiError } from '../components/formErrors';
import { FullPageLoader } from '../components/RequireAuth';
import { validNewPassword } from '../components/validators';

export function InvitePage() {
  const { token = '' } = useParams();
  const invitation = useInvitation(token);
  useDocumentTitle(invitation.data ? `Join ${invitation.data.workspaceName} · Rapport` : 'Invitation · Rapport');

  if (invitation.isPending) return <FullPageLoader />;
  if (invitation.isError) {
    const gone = isApiError(invitation.error, 410) || isApiError(invitation.error, 404) || isApiError(invitation.error, 400);
    return (
      <AuthCard title={gone ? 'This invitation no longer works' : 'Could not open the invitation'}>
        <Stack>
          <Text size="sm">
            {gone
              ? 'It has been used already or it has expired (links work once, for 7 days). Ask whoever invited you to send a new one.'
              : invitation.error.message}
          </Text>
          <Button component={Link} to="/login" variant="default">
            Go to sign-in
          </Button>
        </Stack>
      </AuthCard>
    );
  }

  return <InviteForm token={token} invitation={invitation.data} />;
}

/** Mounted once the invitation is known, so the name field starts with the invited name. */
function InviteForm({ token, invitation }: { token: string; invitation: InvitationInfo }) {
  const { email, workspaceName, invitedBy } = invitation;
  const accept = useAcceptInvitation();
  const navigate = useNavigate();
  const form = useForm({ initialValues: { name: invitation.name, password: '' }, validate: { name: required('Name'), password: validNewPassword } });

  const submit = form.onSubmit((values) =>
    accept.mutate(
      { token, name: values.name.trim(), password: values.password },
      {
        onSuccess: () => void navigate('/', { replace: true }),
        onError: (error) => showApiError(error, form, 'Could not join'),
      },
    ),
  );

  return (
    <AuthCard
      title={`Join ${workspaceName}`}
      subtitle={invitedBy ? `${invitedBy} invited you to work together in Rapport. Choose a password to start.` : 'Choose a password to start.'}
    >
      <form onSubmit={submit} noValidate>
        <Stack>
          {accept.isError && isApiError(accept.error, 410) && <Alert color="red">This invitation has just been used or has expired.</Alert>}
          <TextInput label="Email" value={email} readOnly variant="filled" description="You will sign in with this address" />
          <TextInput label="Name" required autoComplete="name" {...form.getInputProps('name')} />
          <PasswordField
            label="Password"
            description={`At least ${PASSWORD_MIN} characters`}
            required
            autoFocus
            autoComplete="new-password"
            {...form.getInputProps('password')}
          />
          <Button type="submit" loading={accept.isPending} fullWidth mt="xs">
            Join workspace
          </Button>
        </Stack>
      </form>
    </AuthCard>
  );
}
