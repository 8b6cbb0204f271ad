import { Tabs } from '@mantine/core';
import { IconFileDescription, IconHeartbeat, IconMoodSmile, IconReceipt, IconShoppingBag, IconTimeline } from '@tabler/icons-react';
import { useOrderWord } from '../../api/orders';
import { HealthTab } from '../health/HealthTab';
import { BillingTab } from './BillingTab';
import { DocumentsTab } from './DocumentsTab';
import { FeedbackTab } from './FeedbackTab';
import { OrdersTab } from './OrdersTab';
import { Timeline } from './Timeline';

/** The client page's activity tabs (inside its Tabs.List): Timeline, Orders (the workspace's word), Billing, Documents, Feedback, Health. */
export function ClientActivityTabList() {
  const { Words } = useOrderWord();
  return (
    <>
      <Tabs.Tab value="timeline" leftSection={<IconTimeline size={16} />}>
        Timeline
      </Tabs.Tab>
      <Tabs.Tab value="orders" leftSection={<IconShoppingBag size={16} />}>
        {Words}
      </Tabs.Tab>
      <Tabs.Tab value="billing" leftSection={<IconReceipt size={16} />}>
        Billing
      </Tabs.Tab>
      <Tabs.Tab value="documents" leftSection={<IconFileDescription size={16} />}>
        Documents
      </Tabs.Tab>
      <Tabs.Tab value="feedback" leftSection={<IconMoodSmile size={16} />}>
        Feedback
      </Tabs.Tab>
      <Tabs.Tab value="health" leftSection={<IconHeartbeat size={16} />}>
        Health
      </Tabs.Tab>
    </>
  );
}

/** The panels that go with ClientActivityTabList. */
export function ClientActivityPanels({ clientId, canWrite }: { clientId: string; canWrite: boolean }) {
  return (
    <>
      <Tabs.Panel value="timeline" pt="md">
        <Timeline clientId={clientId} canWrite={canWrite} />
      </Tabs.Panel>
      <Tabs.Panel value="orders" pt="md">
        <OrdersTab clientId={clientId} canWrite={canWrite} />
      </Tabs.Panel>
      <Tabs.Panel value="billing" pt="md">
        <BillingTab clientId={clientId} canWrite={canWrite} />
      </Tabs.Panel>
      <Tabs.Panel value="documents" pt="md">
        <DocumentsTab clientId={clientId} canWrite={canWrite} />
      </Tabs.Panel>
      <Tabs.Panel value="feedback" pt="md">
        <FeedbackTab clientId={clientId} canWrite={canWrite} />
      </Tabs.Panel>
      <Tabs.Panel value="health" pt="md">
        <HealthTab clientId={clientId} canWrite={canWrite} />
      </Tabs.Panel>
    </>
  );
}
