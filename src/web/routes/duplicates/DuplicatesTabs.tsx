import { Tabs } from '@mantine/core';
import { IconHistory, IconCopy } from '@tabler/icons-react';
import { useLocation, useNavigate } from 'react-router';

/** Queue and merge history: two views of one feature, switched like tabs, each its own address. */
export function DuplicatesTabs() {
  const { pathname } = useLocation();
  const navigate = useNavigate();
  return (
    <Tabs value={pathname.startsWith('/duplicates/merges') ? 'merges' : 'queue'} onChange={(v) => void navigate(v === 'merges' ? '/duplicates/merges' : '/duplicates')} mb="md" aria-label="Duplicates views">
      <Tabs.List>
        <Tabs.Tab value="queue" leftSection={<IconCopy size={16} />}>
          Review queue
        </Tabs.Tab>
        <Tabs.Tab value="merges" leftSection={<IconHistory size={16} />}>
          Merge history
        </Tabs.Tab>
      </Tabs.List>
    </Tabs>
  );
}
