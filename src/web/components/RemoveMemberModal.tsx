import { Button, Group, Modal, Select, Stack, Text } from '@mantine/core';
import { useState } from 'react';
import type { TeamMember } from '../../domain/team';
import { useClientCount } from '../api/clients';
import { clientsWord } from './clients/ClientBits';

type Props = {
  member: TeamMember | null;
  members: TeamMember[];
  self: boolean;
  workspaceName: string;
  loading: boolean;
  onConfirm: (reassignTo: string | null) => void;
  onClose: () => void;
};

const NOBODY = '__nobody';

/**
 * Removing someone (or leaving) also decides who looks after their clients: another member,
 * or nobody — the clients then show as unassigned, to be picked up from the client list.
 */
export function RemoveMemberModal({ member, members, self, workspaceName, loading, onConfirm, onClose }: Props) {
  const [heir, setHeir] = useState<string>(NOBODY);
  const [shownFor, setShownFor] = useState<string | null>(null);
  if ((member?.id ?? null) !== shownFor) {
    setShownFor(member?.id ?? null);
    setHeir(NOBODY);
  }
  const owned = useClientCount({ filter: { field: 'ownerId', op: 'eq', value: member?.id ?? '' } }, member !== null);
  const count = owned.data?.total;
  const others = members.filter((m) => m.id !== member?.id).map((m) => ({ value: m.id, label: m.status === 'invited' ? `${m.name} (invited)` : m.name }));
  const who = self ? 'You' : (member?.name ?? 'They');
  return (
    <Modal opened={member !== null} onClose={onClose} title={self ? `Leave ${workspaceName}?` : `Remove ${member?.name ?? ''}?`} centered>
      <Stack>
        <Text size="sm">
          {self
            ? 'You will lose access to this workspace and be signed out of it. An owner or admin can add you again.'
            : `${who} will lose access to this workspace at once; their sessions and API keys here end. Their past work stays.`}
        </Text>
        {count !== undefined && count > 0 && (
          <Text size="sm">
            {self ? 'You own' : `${member?.name ?? 'They'} owns`} <b>{clientsWord(count)}</b>.
          </Text>
        )}
        <Select
          label={self ? 'Give your clients and segments to' : 'Give their clients and segments to'}
          description="Each client’s History records the change of owner. With nobody, saved segments stay with the team as shared segments."
          data={[{ value: NOBODY, label: 'Nobody (leave them unassigned)' }, ...others]}
          value={heir}
          onChange={(v) => setHeir(v ?? NOBODY)}
          allowDeselect={false}
          searchable
          comboboxProps={{ withinPortal: true }}
        />
        <Group justify="flex-end">
          <Button variant="default" onClick={onClose} data-autofocus>
            Cancel
          </Button>
          <Button color="red" loading={loading} onClick={() => onConfirm(heir === NOBODY ? null : heir)}>
            {self ? 'Leave workspace' : 'Remove'}
          </Button>
        </Group>
      </Stack>
    </Modal>
  );
}
