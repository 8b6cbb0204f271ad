import { Alert, Button, Skeleton, Stack } from '@mantine/core';
import { useDisclosure } from '@mantine/hooks';
import { notifications } from '@mantine/notifications';
import { IconInfoCircle, IconUserPlus } from '@tabler/icons-react';
import { useState } from 'react';
import { useNavigate } from 'react-router';
import type { TeamMember } from '../../domain/team';
import { useRemoveMember, useTeam } from '../api/team';
import { showApiError } from '../components/formErrors';
import { InviteMemberModal } from '../components/InviteMemberModal';
import { RemoveMemberModal } from '../components/RemoveMemberModal';
import { TeamList } from '../components/TeamList';
import { PageHeader } from '../components/PageHeader';
import { useSession } from '../components/RequireAuth';
import { canManage } from '../components/roles';

export function TeamPage() {
  const me = useSession();
  const team = useTeam();
  const remove = useRemoveMember();
  const navigate = useNavigate();
  const [inviting, invite] = useDisclosure(false);
  const [removing, setRemoving] = useState<TeamMember | null>(null);
  const admin = canManage(me.role);
  const myId = me.user?.id;

  const confirmRemove = (reassignTo: string | null) => {
    if (!removing) return;
    const leaving = removing.id === myId;
    remove.mutate({ id: removing.id, reassignTo }, {
      onSuccess: () => {
        setRemoving(null);
        notifications.show({ color: 'teal', message: leaving ? `You left ${me.workspace.name}.` : `${removing.name} was removed from the team.` });
        // Leaving ends this workspace's session; signing in again picks another workspace.
        if (leaving) void navigate('/login', { replace: true });
      },
      onError: (error) => {
        setRemoving(null);
        showApiError(error, undefined, leaving ? 'Could not leave' : 'Could not remove');
      },
    });
  };

  const members = team.data?.data ?? [];
  return (
    <>
      <PageHeader
        title="Team"
        description={admin ? 'Who works in this workspace and what they may do.' : 'Who works in this workspace. Only owners and admins can add members or change roles.'}
        action={
          admin && (
            <Button leftSection={<IconUserPlus size={18} />} onClick={invite.open}>
              Invite member
            </Button>
          )
        }
      />
      {team.isPending && <Stack>{[0, 1, 2].map((i) => <Skeleton key={i} h={44} />)}</Stack>}
      {team.isError && <Alert color="red" icon={<IconInfoCircle />}>{team.error.message}</Alert>}
      {team.isSuccess && members.length <= 1 && admin && (
        <Alert color="indigo" variant="light" mb="md" icon={<IconInfoCircle />}>
          It is just you so far. Use <b>Invite member</b> to add colleagues; each gets the role you choose.
        </Alert>
      )}
      {team.isSuccess && <TeamList members={members} myId={myId} myRole={me.role} onRemove={setRemoving} />}
      <InviteMemberModal opened={inviting} onClose={invite.close} myRole={me.role} />
      <RemoveMemberModal
        member={removing}
        members={members}
        self={removing?.id === myId}
        workspaceName={me.workspace.name}
        loading={remove.isPending}
        onConfirm={confirmRemove}
        onClose={() => setRemoving(null)}
      />
    </>
  );
}
