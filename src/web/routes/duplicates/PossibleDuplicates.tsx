import { Alert, Anchor, Badge, Button, Group, Stack, Text } from '@mantine/core';
import { notifications } from '@mantine/notifications';
import { IconArrowsDiff, IconCopy } from '@tabler/icons-react';
import { useEffect } from 'react';
import { Link, useNavigate } from 'react-router';
import { useClientDuplicates } from '../../api/duplicates';
import { compareHref, reasonsText, scoreColor } from './duplicateWords';

/**
 * "Possible duplicates" on a client's page: the likely duplicates with their reasons and a link
 * to compare them all. Nothing at all when there are none.
 */
export function PossibleDuplicates({ clientId }: { clientId: string }) {
  const list = useClientDuplicates(clientId);
  const found = list.data ?? [];
  if (!found.length) return null;
  const ids = [clientId, ...found.map((d) => d.client.id)];
  return (
    <Alert color="yellow" variant="light" mb="md" icon={<IconCopy size={18} />} title={found.length === 1 ? 'Possible duplicate' : `${found.length} possible duplicates`}>
      <Stack gap={6}>
        <Stack gap={4} component="ul" m={0} p={0} style={{ listStyle: 'none' }} aria-label="Possible duplicates of this client">
          {found.map((d) => (
            <Group component="li" key={d.client.id} gap={6} wrap="wrap">
              <Badge size="sm" variant="outline" color={scoreColor(d.score)} aria-label={`Score ${d.score} of 100`}>
                {d.score}
              </Badge>
              <Anchor component={Link} to={`/clients/${d.client.id}`} size="sm" fw={600}>
                {d.client.displayName}
              </Anchor>
              <Text size="sm" c="dimmed">
                {reasonsText(d.reasons)}
              </Text>
            </Group>
          ))}
        </Stack>
        <Group>
          <Button size="xs" variant="light" color="yellow" component={Link} to={`${compareHref(ids)}&from=${encodeURIComponent(clientId)}`} leftSection={<IconArrowsDiff size={14} />}>
            Compare {found.length === 1 ? 'both' : `all ${ids.length}`}
          </Button>
        </Group>
      </Stack>
    </Alert>
  );
}

/**
 * A merged client's id answers 301 and the browser follows it to the survivor: the address then
 * moves to the survivor too, with a word about where the client went.
 */
export function MergedRedirect({ requestedId, clientId, name }: { requestedId: string; clientId: string; name: string }) {
  const navigate = useNavigate();
  useEffect(() => {
    if (!requestedId || requestedId === clientId) return;
    notifications.show({ id: `merged-${requestedId}`, color: 'blue', message: `That client was merged into ${name}; this is the record that kept its history.` });
    void navigate(`/clients/${clientId}`, { replace: true });
  }, [requestedId, clientId, name, navigate]);
  return null;
}
