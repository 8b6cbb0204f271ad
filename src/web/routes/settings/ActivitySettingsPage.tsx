import { Group, NumberInput, Select, Stack, Text, Title } from '@mantine/core';
import { useForm } from '@mantine/form';
import { notifications } from '@mantine/notifications';
import { cadences, cadenceStatuses, responsePriorities, type ActivitySettings, type Cadence } from '../../../domain/activitySettings';
import { useActivitySettings, useUpdateActivitySettings } from '../../api/activity';
import { humanize } from '../../components/activity/labels';
import { statusLabels } from '../../components/clients/ClientBits';
import { showApiError } from '../../components/formErrors';
import { SaveRow, SettingsFrame } from './SettingsForm';

/** Response targets per priority, the inactivity rule, and the contact cadence expected per status. */
export function ActivitySettingsPage() {
  const settings = useActivitySettings();
  return (
    <SettingsFrame title="Activity settings" description="How fast inbound messages should be answered, and how often clients expect contact." query={settings}>
      {(data, admin) => <ActivityForm data={data} admin={admin} />}
    </SettingsFrame>
  );
}

function ActivityForm({ data, admin }: { data: ActivitySettings; admin: boolean }) {
  const save = useUpdateActivitySettings();
  const initial = {
    urgent: data.responseTargets.urgent / 60,
    important: data.responseTargets.important / 60,
    regular: data.responseTargets.regular / 60,
    inactivityDays: data.inactivityDays as number | string,
    ...data.expectedCadence,
  };
  const form = useForm({ initialValues: initial as Record<string, number | string> });
  const submit = form.onSubmit((v) =>
    save.mutate(
      {
        responseTargets: { urgent: Math.round(Number(v.urgent) * 60), important: Math.round(Number(v.important) * 60), regular: Math.round(Number(v.regular) * 60) },
        inactivityDays: Number(v.inactivityDays),
        expectedCadence: Object.fromEntries(cadenceStatuses.map((s) => [s, v[s] as Cadence])) as ActivitySettings['expectedCadence'],
      },
      {
        onSuccess: () => {
          form.resetDirty();
          notifications.show({ color: 'teal', message: 'Activity settings saved.' });
        },
        onError: (e) => showApiError(e, form, 'Could not save the settings'),
      },
    ),
  );
  return (
    <form onSubmit={submit}>
      <Stack>
        <Title order={4}>Response targets</Title>
        <Text size="sm" c="dimmed">
          An inbound interaction of each priority should get its first response within this many hours; the timeline shows met or breached.
        </Text>
        <Group grow align="flex-start" wrap="wrap">
          {responsePriorities.map((p) => (
            <NumberInput key={p} label={`${humanize(p)} (hours)`} min={0.1} max={2160} decimalScale={2} disabled={!admin} {...form.getInputProps(p)} />
          ))}
        </Group>
        <NumberInput
          label="Inactive after (days without activity)"
          description="Each night, an active client with no activity for this long turns inactive."
          min={1}
          max={3650}
          allowDecimal={false}
          disabled={!admin}
          {...form.getInputProps('inactivityDays')}
        />
        <Title order={4}>Expected contact</Title>
        <Group grow align="flex-start" wrap="wrap">
          {cadenceStatuses.map((s) => (
            <Select key={s} label={statusLabels[s]} data={cadences.map((c) => ({ value: c, label: humanize(c) }))} allowDeselect={false} disabled={!admin} {...form.getInputProps(s)} />
          ))}
        </Group>
        <SaveRow admin={admin} loading={save.isPending} dirty={form.isDirty()} />
      </Stack>
    </form>
  );
}
