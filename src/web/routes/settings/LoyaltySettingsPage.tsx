import { ActionIcon, Button, Group, NumberInput, Stack, Switch, Text, TextInput, Title } from '@mantine/core';
import { useForm } from '@mantine/form';
import { notifications } from '@mantine/notifications';
import { IconTrash } from '@tabler/icons-react';
import { useLoyaltySettings, useUpdateLoyaltySettings, type LoyaltySettings } from '../../api/loyalty';
import { useOrderWord } from '../../api/orders';
import { showApiError } from '../../components/formErrors';
import { SaveRow, SettingsFrame } from './SettingsForm';

/** The points rule (per completed order and per currency unit) and the tiers. */
export function LoyaltySettingsPage() {
  const settings = useLoyaltySettings();
  return (
    <SettingsFrame title="Loyalty settings" description="How clients earn points, and the tiers they reach." query={settings}>
      {(data, admin) => <LoyaltyForm data={data} admin={admin} />}
    </SettingsFrame>
  );
}

function LoyaltyForm({ data, admin }: { data: LoyaltySettings; admin: boolean }) {
  const save = useUpdateLoyaltySettings();
  const { word, currency } = useOrderWord();
  const form = useForm({
    initialValues: { enabled: data.enabled, pointsPerOrder: data.pointsPerOrder as number | string, pointsPerCurrencyUnit: data.pointsPerCurrencyUnit as number | string, tiers: data.tiers.map((t) => ({ name: t.name, threshold: t.threshold as number | string })) },
  });
  const submit = form.onSubmit((v) =>
    save.mutate(
      { enabled: v.enabled, pointsPerOrder: Number(v.pointsPerOrder), pointsPerCurrencyUnit: Number(v.pointsPerCurrencyUnit), tiers: v.tiers.map((t) => ({ name: t.name.trim(), threshold: Number(t.threshold) })) },
      {
        onSuccess: () => {
          form.resetDirty();
          notifications.show({ color: 'teal', message: 'Loyalty settings saved.' });
        },
        onError: (e) => showApiError(e, form, 'Could not save the settings'),
      },
    ),
  );
  return (
    <form onSubmit={submit}>
      <Stack>
        <Switch label={`Completed ${word}s earn points`} disabled={!admin} {...form.getInputProps('enabled', { type: 'checkbox' })} />
        <Group grow align="flex-start" wrap="wrap">
          <NumberInput label={`Points per completed ${word}`} min={0} max={100000} allowDecimal={false} disabled={!admin} {...form.getInputProps('pointsPerOrder')} />
          <NumberInput label={`Points per 1 ${currency} of value`} min={0} max={1000} decimalScale={4} disabled={!admin} {...form.getInputProps('pointsPerCurrencyUnit')} />
        </Group>
        <Title order={4}>Tiers</Title>
        <Text size="sm" c="dimmed">
          A client reaches a tier once their lifetime points (redemptions not subtracted) reach its threshold. Thresholds must increase.
        </Text>
        {form.values.tiers.map((_, i) => (
          <Group key={i} align="flex-end" gap="xs" wrap="nowrap">
            <TextInput label="Tier" maxLength={40} style={{ flex: 2 }} disabled={!admin} {...form.getInputProps(`tiers.${i}.name`)} />
            <NumberInput label="From (points)" min={0} allowDecimal={false} style={{ flex: 1 }} disabled={!admin} {...form.getInputProps(`tiers.${i}.threshold`)} />
            {admin && (
              <ActionIcon variant="subtle" color="red" size="lg" aria-label={`Remove tier ${i + 1}`} onClick={() => form.removeListItem('tiers', i)}>
                <IconTrash size={16} />
              </ActionIcon>
            )}
          </Group>
        ))}
        {admin && form.values.tiers.length < 10 && (
          <Button variant="subtle" size="xs" w="fit-content" onClick={() => form.insertListItem('tiers', { name: '', threshold: '' })}>
            Add a tier
          </Button>
        )}
        <SaveRow admin={admin} loading={save.isPending} dirty={form.isDirty()} />
      </Stack>
    </form>
  );
}
