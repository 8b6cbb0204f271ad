import { ActionIcon, Anchor, Button, Group, Paper, Select, Stack, Text, TextInput } from '@mantine/core';
import { IconPlus, IconTrash } from '@tabler/icons-react';
import { Link } from 'react-router';
import { cadences } from '../../../../domain/activitySettings';
import type { HealthProfile, HealthWeights } from '../../../../domain/healthSettings';
import { segments } from '../../../api/clientMeta';
import { under, type Errors } from './fieldErrors';
import { WeightsEditor } from './WeightsEditor';

/** Weights (and cadence) for the clients of a saved segment; the first profile whose segment holds a client wins. */
export function ProfilesEditor({ profiles, weights, suggestions, labels, errors, disabled, onChange }: {
  profiles: HealthProfile[];
  weights: HealthWeights;
  suggestions: Record<string, HealthWeights>;
  labels: Record<string, { label: string }>;
  errors: Errors;
  disabled: boolean;
  onChange: (p: HealthProfile[]) => void;
}) {
  const segs = segments.useList();
  const options = (segs.data ?? []).map((s) => ({ value: s.id, label: s.name }));
  const set = (i: number, patch: Partial<HealthProfile>) => onChange(profiles.map((p, j) => (j === i ? { ...p, ...patch } : p)));
  const add = (name: string, w: HealthWeights) => onChange([...profiles, { id: `p${Date.now().toString(36)}`, name, segmentId: '', weights: { ...w }, cadence: null }]);
  return (
    <Stack gap="sm">
      {profiles.length === 0 && (
        <Text size="sm" c="dimmed">
          No profiles: every client uses the weights above. Add one to weigh a segment differently (e.g. software clients by usage, service clients by orders).{' '}
          {options.length === 0 && (
            <>
              Profiles need a saved segment — <Anchor component={Link} to="/clients">save one from the client list</Anchor> first.
            </>
          )}
        </Text>
      )}
      {profiles.map((p, i) => {
        const e = under(errors, String(i));
        return (
          <Paper key={p.id} withBorder p="sm">
            <Stack gap="xs">
              <Group gap="xs" align="flex-start" wrap="wrap">
                <TextInput w={180} label="Profile name" value={p.name} disabled={disabled} error={e.name} onChange={(ev) => set(i, { name: ev.currentTarget.value })} />
                <Select w={200} label="Segment" placeholder="Pick a segment" data={options} value={p.segmentId || null} disabled={disabled} error={e.segmentId} onChange={(v) => set(i, { segmentId: v ?? '' })} />
                <Select w={160} label="Expected contact" data={[{ value: '', label: 'By status' }, ...cadences.map((c) => ({ value: c, label: c }))]} value={p.cadence ?? ''} disabled={disabled} onChange={(v) => set(i, { cadence: (v || null) as HealthProfile['cadence'] })} />
                {!disabled && (
                  <ActionIcon mt={26} variant="subtle" color="red" aria-label={`Remove profile ${p.name}`} onClick={() => onChange(profiles.filter((_, j) => j !== i))}>
                    <IconTrash size={16} />
                  </ActionIcon>
                )}
              </Group>
              <WeightsEditor idPrefix={`p${i}`} weights={p.weights} labels={labels} errors={under(e, 'weights')} disabled={disabled} onChange={(w) => set(i, { weights: w })} />
              {e.weights && <Text size="sm" c="red">Weights: {e.weights}</Text>}
            </Stack>
          </Paper>
        );
      })}
      {!disabled && profiles.length < 20 && (
        <Group gap="xs">
          <Button variant="subtle" size="xs" leftSection={<IconPlus size={14} />} onClick={() => add('New profile', weights)}>
            Add a profile
          </Button>
          {suggestions.saas && (
            <Button variant="subtle" size="xs" onClick={() => add('Software (SaaS)', suggestions.saas!)}>
              Add SaaS weights
            </Button>
          )}
          {suggestions.services && (
            <Button variant="subtle" size="xs" onClick={() => add('Services', suggestions.services!)}>
              Add services weights
            </Button>
          )}
        </Group>
      )}
    </Stack>
  );
}
