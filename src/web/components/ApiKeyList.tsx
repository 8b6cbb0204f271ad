import { Badge, Button, Card, Code, Group, Stack, Table, Text, VisuallyHidden } from '@mantine/core';
import { useMediaQuery } from '@mantine/hooks';
import type { ApiKey } from '../../domain/apiKey';
import { roleLabels } from '../../domain/role';
import { formatDateTime, formatRelative } from './format';
import { roleColors } from './roles';

type Props = { keys: ApiKey[]; onRevoke: (key: ApiKey) => void };

/** A table on wide screens; on a phone, one card per key so nothing scrolls sideways. */
export function ApiKeyList(props: Props) {
  const phone = useMediaQuery('(max-width: 36em)', false, { getInitialValueInEffect: false });
  return phone ? <KeyCards {...props} /> : <KeyTable {...props} />;
}

function KeyTable({ keys, onRevoke }: Props) {
  return (
    <Table.ScrollContainer minWidth={760} type="native" style={{ position: 'relative' }}>
      <Table verticalSpacing="sm" highlightOnHover>
        <Table.Thead>
          <Table.Tr>
            <Table.Th>Name</Table.Th>
            <Table.Th>Role</Table.Th>
            <Table.Th>Key</Table.Th>
            <Table.Th>Created</Table.Th>
            <Table.Th>Last used</Table.Th>
            <Table.Th>Status</Table.Th>
            <Table.Th>
              <VisuallyHidden>Actions</VisuallyHidden>
            </Table.Th>
          </Table.Tr>
        </Table.Thead>
        <Table.Tbody>
          {keys.map((k) => (
            <Table.Tr key={k.id} c={k.revokedAt ? 'dimmed' : undefined}>
              <Table.Td fw={500}>{k.name}</Table.Td>
              <Table.Td>
                <RoleBadge k={k} />
              </Table.Td>
              <Table.Td>
                <Code>{k.prefix}…</Code>
              </Table.Td>
              <Table.Td>
                <Text size="sm">{formatDateTime(k.createdAt)}</Text>
                <Text size="xs" c="dimmed">
                  by {k.createdBy?.name ?? 'a former member'}
                </Text>
              </Table.Td>
              <Table.Td>
                <Text size="sm">{formatRelative(k.lastUsedAt)}</Text>
              </Table.Td>
              <Table.Td>
                <StatusBadge k={k} />
              </Table.Td>
              <Table.Td ta="right">
                <RevokeButton k={k} onRevoke={onRevoke} />
              </Table.Td>
            </Table.Tr>
          ))}
        </Table.Tbody>
      </Table>
    </Table.ScrollContainer>
  );
}

function KeyCards({ keys, onRevoke }: Props) {
  return (
    <Stack gap="xs" component="ul" p={0} m={0} style={{ listStyle: 'none' }} aria-label="API keys">
      {keys.map((k) => (
        <Card key={k.id} withBorder padding="sm" component="li" c={k.revokedAt ? 'dimmed' : undefined}>
          <Group justify="space-between" wrap="nowrap" align="flex-start">
            <Stack gap={4} style={{ minWidth: 0 }}>
              <Text size="sm" fw={600}>
                {k.name}
              </Text>
              <Group gap={6}>
                <RoleBadge k={k} />
                <StatusBadge k={k} />
                <Code>{k.prefix}…</Code>
              </Group>
            </Stack>
            <RevokeButton k={k} onRevoke={onRevoke} />
          </Group>
          <Text size="xs" c="dimmed" mt="xs">
            Created {formatDateTime(k.createdAt)} by {k.createdBy?.name ?? 'a former member'} · Last used: {formatRelative(k.lastUsedAt)}
          </Text>
        </Card>
      ))}
    </Stack>
  );
}

const RoleBadge = ({ k }: { k: ApiKey }) => (
  <Badge variant="light" color={roleColors[k.role]}>
    {roleLabels[k.role]}
  </Badge>
);

const StatusBadge = ({ k }: { k: ApiKey }) =>
  k.revokedAt ? (
    <Badge color="gray" variant="outline" title={`Revoked ${formatDateTime(k.revokedAt)}`}>
      Revoked
    </Badge>
  ) : (
    <Badge color="teal" variant="light">
      Active
    </Badge>
  );

const RevokeButton = ({ k, onRevoke }: { k: ApiKey; onRevoke: (key: ApiKey) => void }) =>
  k.revokedAt ? null : (
    <Button size="xs" variant="subtle" color="red" onClick={() => onRevoke(k)} aria-label={`Revoke ${k.name}`}>
      Revoke
    </Button>
  );
