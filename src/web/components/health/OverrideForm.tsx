import { Alert, Button, Group, NumberInput, SegmentedControl, Select, Stack, Text, Textarea, TextInput } from '@mantine/core';
import { useForm } from '@mantine/form';
import { notifications } from '@mantine/notifications';
import type { ClientHealth } from '../../../domain/healthExplanation';
import type { HealthBand } from '../../../domain/healthSettings';
import { useClearHealthOverride, useSetHealthOverride } from '../../api/health';
import { formatDate, toDateInput } from '../activity/dates';
import { showApiError } from '../formErrors';

type Override = NonNullable<ClientHealth['override']>;

/** An override in force (or lapsed), with Clear for managers. */
export function OverrideNotice({ override, bands, clientId, canManage }: { override: Override; bands: readonly HealthBand[]; clientId: string; canManage: boolean }) {
  const clear = useClearHealthOverride(clientId);
  const what = [override.score !== null ? `score ${override.score}` : null, override.band ? `band ${bands.find((b) => b.key === override.band)?.name ?? override.band}` : null].filter(Boolean).join(', ');
  const state = override.state === 'active' ? `until ${formatDate(override.expiresAt)}` : override.state === 'expired' ? `expired ${formatDate(override.expiresAt)}` : 'ignored: its band no longer exists';
  return (
    <Alert color={override.state === 'active' ? 'violet' : 'gray'} title={`Overridden: ${what} (${state})`}>
      <Stack gap="xs" align="flex-start">
        <Text size="sm">Reason: {override.reason}</Text>
        {canManage && (
          <Button
            size="xs"
            variant="default"
            loading={clear.isPending}
            onClick={() =>
              clear.mutate(undefined, {
                onSuccess: () => notifications.show({ color: 'teal', message: 'Override cleared: the computed score applies again.' }),
                onError: (e) => showApiError(e, undefined, 'Could not clear the override'),
              })
            }
          >
            Clear override
          </Button>
        )}
      </Stack>
    </Alert>
  );
}

/** A manager sets the score or the band by hand, with a reason, until a date (at most a year). */
export function OverrideForm({ clientId, bands, onDone }: { clientId: string; bands: readonly HealthBand[]; onDone: () => void }) {
  const save = useSetHealthOverride(clientId);
  const form = useForm({
    initialValues: { mode: 'band' as 'band' | 'score', score: '' as number | string, band: null as string | null, reason: '', expiresAt: toDateInput(new Date(Date.now() + 30 * 86_400_000)) },
  });
  const submit = form.onSubmit((v) => {
    const expires = v.expiresAt ? new Date(`${v.expiresAt}T23:59:59`).toISOString() : '';
    save.mutate(
      { score: v.mode === 'score' && v.score !== '' ? Number(v.score) : null, band: v.mode === 'band' ? v.band : null, reason: v.reason, expiresAt: expires },
      {
        onSuccess: () => {
          notifications.show({ color: 'teal', message: 'Override saved.' });
          onDone();
        },
        onError: (e) => showApiError(e, form, 'Could not save the override'),
      },
    );
  });
  return (
    <form onSubmit={submit} aria-label="Override the health score">
      <Stack gap="sm">
        <SegmentedControl data={[{ value: 'band', label: 'Set a band' }, { value: 'score', label: 'Set a score' }]} {...form.getInputProps('mode')} />
        {form.values.mode === 'band' ? (
          <Select label="Band" placeholder="Pick a band" data={bands.map((b) => ({ value: b.key, label: `${b.name} (${b.min}–${b.max})` }))} {...form.getInputProps('band')} error={form.errors.band ?? form.errors.score} />
        ) : (
          <NumberInput label="Score" min={0} max={100} allowDecimal={false} {...form.getInputProps('score')} />
        )}
        <Textarea label="Reason" description="Shown with the score and kept in the audit log" autosize minRows={2} {...form.getInputProps('reason')} />
        <TextInput type="date" label="Expires on" description="The computed score applies again after this day (at most a year)" {...form.getInputProps('expiresAt')} />
        <Group justify="flex-end">
          <Button variant="default" onClick={onDone}>
            Cancel
          </Button>
          <Button type="submit" loading={save.isPending}>
            Save override
          </Button>
        </Group>
      </Stack>
    </form>
  );
}
