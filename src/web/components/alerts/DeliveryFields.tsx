import { Checkbox, Group, Text } from '@mantine/core';
import type { AlertDelivery } from '../../../domain/alert';

const options: { key: keyof AlertDelivery; label: string; help: string }[] = [
  { key: 'inApp', label: 'In the app', help: 'The Alerts inbox, its count in the menu and the dashboard' },
  { key: 'digest', label: 'Morning digest', help: 'The daily e-mail to the assignee (or everyone, when unassigned)' },
  { key: 'webhook', label: 'Webhook', help: 'Sent to the connected integrations' },
];

/** Where a rule's alerts go. Off in the app: they still reach the digest and the client's page. */
export function DeliveryFields({ value, disabled, onChange }: { value: AlertDelivery; disabled: boolean; onChange: (v: AlertDelivery) => void }) {
  return (
    <div role="group" aria-label="Delivery">
      <Text size="xs" fw={500} mb={4}>
        Delivery
      </Text>
      <Group gap="md" wrap="wrap">
        {options.map((o) => (
          <Checkbox key={o.key} size="xs" label={o.label} title={o.help} checked={value[o.key]} disabled={disabled} onChange={(e) => onChange({ ...value, [o.key]: e.currentTarget.checked })} />
        ))}
      </Group>
      {!value.inApp && (
        <Text size="xs" c="dimmed" mt={4}>
          Not in the inbox by default (choose “All deliveries” there) nor in the menu’s count; still on the client’s page{value.digest ? ' and in the digest' : ''}.
        </Text>
      )}
    </div>
  );
}
