import { Badge, Button, Group, Paper, Stack, Text } from '@mantine/core';
import { notifications } from '@mantine/notifications';
import { IconCircleX } from '@tabler/icons-react';
import { useState } from 'react';
import type { Client } from '../../api/clientTypes';
import { useComparePairs, useDismissPair, type DuplicatePair } from '../../api/duplicates';
import { showApiError } from '../../components/formErrors';
import { reasonsText, scoreColor } from './duplicateWords';

/** Why the compared clients look alike, pair by pair, each with "Not a duplicate". */
export function ComparePairs({ clients, canDismiss }: { clients: Client[]; canDismiss: boolean }) {
  const { pairs } = useComparePairs(clients.map((c) => c.id));
  const dismiss = useDismissPair();
  const [busy, setBusy] = useState<string | null>(null);
  const name = (id: string) => clients.find((c) => c.id === id)?.displayName ?? 'A client';
  if (!pairs.length) return null;
  const notDuplicate = (pair: DuplicatePair) => {
    setBusy(pair.clientIds.join(' '));
    dismiss.mutate(pair.clientIds, {
      onSuccess: () => notifications.show({ color: 'teal', message: `${name(pair.clientIds[0])} and ${name(pair.clientIds[1])}: marked as not a duplicate.` }),
      onError: (e) => showApiError(e, undefined, 'Could not dismiss the pair'),
      onSettled: () => setBusy(null),
    });
  };
  return (
    <Paper withBorder radius="md" p="sm" mb="md">
      <Text size="sm" fw={600} mb={6} id="compare-reasons">
        Why they look alike
      </Text>
      <Stack gap={4} component="ul" m={0} p={0} style={{ listStyle: 'none' }} aria-labelledby="compare-reasons">
        {pairs.map((pair) => {
          const [a, b] = pair.clientIds.map(name);
          return (
            <Group component="li" key={pair.clientIds.join(' ')} justify="space-between" gap="xs" wrap="nowrap">
              <Text size="sm" style={{ minWidth: 0 }}>
                <Badge component="span" size="sm" variant="outline" color={scoreColor(pair.score)} mr={6} aria-label={`Score ${pair.score} of 100`}>
                  {pair.score}
                </Badge>
                <Text span size="sm" fw={500}>
                  {a} ↔ {b}:{' '}
                </Text>
                {reasonsText(pair.reasons)}
              </Text>
              {canDismiss && (
                <Button size="compact-sm" variant="subtle" color="gray" leftSection={<IconCircleX size={14} />} loading={busy === pair.clientIds.join(' ')} onClick={() => notDuplicate(pair)} aria-label={`${a} and ${b} are not a duplicate`} style={{ flexShrink: 0 }}>
                  Not a duplicate
                </Button>
              )}
            </Group>
          );
        })}
      </Stack>
    </Paper>
  );
}
