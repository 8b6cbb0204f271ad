import { ActionIcon, Badge, FileButton, Group, Menu, Stack, Text, Title, Tooltip } from '@mantine/core';
import { notifications } from '@mantine/notifications';
import { IconCamera, IconDots, IconPhotoX, IconTrash } from '@tabler/icons-react';
import type { Client } from '../../../api/clientTypes';
import { useClientPhoto } from '../../../api/clients';
import { useTeam } from '../../../api/team';
import { showApiError } from '../../formErrors';
import { ClientAvatar, StatusBadge, TagBadges } from '../ClientBits';
import { ClientHealthBadge } from '../../health/ClientHealthBadge';
import type { SaveClient } from '../../../routes/clients/ClientDetailPage';

const MAX_PHOTO = 5 * 1024 * 1024;

/** Photo (click to upload), name, status, tags and owner; the delete action. */
export function ClientHeader({ client: c, canWrite, onDelete }: { client: Client; canWrite: boolean; onSave: SaveClient; onDelete: () => void }) {
  const photo = useClientPhoto(c.id);
  const team = useTeam();
  const owner = team.data?.data.find((m) => m.id === c.ownerId);

  const upload = (file: File | null) => {
    if (!file) return;
    if (file.size > MAX_PHOTO) {
      notifications.show({ color: 'red', title: 'Photo too large', message: 'Choose an image of at most 5 MB.' });
      return;
    }
    photo.upload.mutate(file, { onError: (e) => showApiError(e, undefined, 'Could not upload the photo') });
  };

  return (
    <Group align="flex-start" gap="md" wrap="nowrap">
      <div style={{ position: 'relative', flexShrink: 0 }}>
        <ClientAvatar client={c} size={72} />
        {canWrite && (
          <FileButton onChange={upload} accept="image/png,image/jpeg,image/webp,image/gif">
            {(props) => (
              <Tooltip label={c.photoUrl ? 'Change photo' : 'Upload photo'} withinPortal>
                <ActionIcon {...props} size="sm" radius="xl" variant="default" loading={photo.upload.isPending} aria-label={c.photoUrl ? 'Change photo' : 'Upload photo'} style={{ position: 'absolute', right: -4, bottom: -4 }}>
                  <IconCamera size={14} />
                </ActionIcon>
              </Tooltip>
            )}
          </FileButton>
        )}
      </div>
      <Stack gap={6} style={{ flex: 1, minWidth: 0 }}>
        <Group justify="space-between" align="flex-start" wrap="nowrap" gap="xs">
          <Title order={1} size="h2" style={{ overflowWrap: 'anywhere' }}>
            {c.displayName}
          </Title>
          {canWrite && (
            <Menu position="bottom-end" withinPortal>
              <Menu.Target>
                <ActionIcon variant="subtle" color="gray" aria-label="More actions">
                  <IconDots size={18} />
                </ActionIcon>
              </Menu.Target>
              <Menu.Dropdown>
                {c.photoUrl && (
                  <Menu.Item leftSection={<IconPhotoX size={16} />} onClick={() => photo.remove.mutate(undefined, { onError: (e) => showApiError(e, undefined, 'Could not remove the photo') })}>
                    Remove photo
                  </Menu.Item>
                )}
                <Menu.Item color="red" leftSection={<IconTrash size={16} />} onClick={onDelete}>
                  Delete client
                </Menu.Item>
              </Menu.Dropdown>
            </Menu>
          )}
        </Group>
        <Group gap="xs" wrap="wrap">
          <StatusBadge status={c.status} reason={c.statusReason} size="md" />
          <ClientHealthBadge clientId={c.id} />
          <Badge variant="outline" color="gray">
            {c.type === 'business' ? 'Business' : 'Individual'}
          </Badge>
          {c.isNew && (
            <Badge variant="light" color="teal">
              New
            </Badge>
          )}
          <Badge variant="light" color="gray">
            {c.isGuest ? 'Guest' : 'Existing'}
          </Badge>
          <Text size="sm" c="dimmed">
            Owner: {owner?.name ?? (c.ownerId ? 'Former member' : 'nobody')}
          </Text>
        </Group>
        {c.status === 'blacklisted' && c.statusReason && (
          <Text size="sm" c="red">
            Blacklisted: {c.statusReason}
          </Text>
        )}
        <TagBadges names={c.tags} max={12} />
      </Stack>
    </Group>
  );
}
