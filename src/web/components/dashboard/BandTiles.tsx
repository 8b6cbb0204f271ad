import { Card, ColorSwatch, Group, SimpleGrid, Text } from '@mantine/core';
import { Link } from 'react-router';
import type { Dashboard } from '../../api/dashboard';
import { clientsWord } from '../clients/ClientBits';

/** One tile per health band (and the unscored), each opening the client list filtered to it. */
export function BandTiles({ bands, unscored }: Pick<Dashboard, 'bands' | 'unscored'>) {
  return (
    <SimpleGrid cols={{ base: 2, sm: Math.min(bands.length + 1, 4), lg: bands.length + 1 }} spacing="sm">
      {bands.map((b) => (
        <Card key={b.key} withBorder padding="md" component={Link} to={b.href} aria-label={`${b.name}: ${clientsWord(b.count)} — open the list`} style={{ textDecoration: 'none', borderLeft: `4px solid ${b.color}` }}>
          <Group gap={6} wrap="nowrap">
            <ColorSwatch color={b.color} size={10} aria-hidden />
            <Text size="sm" c="dimmed" truncate>
              {b.name}
            </Text>
          </Group>
          <Text fz={28} fw={700} lh={1.2}>
            {b.count.toLocaleString()}
          </Text>
        </Card>
      ))}
      <Card withBorder padding="md" aria-label={`Not scored yet: ${unscored} clients`}>
        <Text size="sm" c="dimmed">
          Not scored yet
        </Text>
        <Text fz={28} fw={700} lh={1.2} c="dimmed">
          {unscored.toLocaleString()}
        </Text>
      </Card>
    </SimpleGrid>
  );
}
