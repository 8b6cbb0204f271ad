import { Group, Text, ThemeIcon } from '@mantine/core';
import { IconAddressBook } from '@tabler/icons-react';

export function Logo({ hideTextBelow }: { hideTextBelow?: 'xs' | 'sm' }) {
  return (
    <Group gap={8} wrap="nowrap">
      <ThemeIcon size="md" radius="md" variant="filled" aria-hidden>
        <IconAddressBook size={18} />
      </ThemeIcon>
      <Text fw={700} size="lg" visibleFrom={hideTextBelow}>
        Rapport
      </Text>
    </Group>
  );
}
