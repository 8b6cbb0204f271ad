import { Alert, Anchor, Badge, Button, Checkbox, Group, NumberInput, Paper, Skeleton, Stack, Switch, Table, Text, Title } from '@mantine/core';
import { useForm } from '@mantine/form';
import { notifications } from '@mantine/notifications';
import { IconScan } from '@tabler/icons-react';
import { useState } from 'react';
import { Link, useNavigate } from 'react-router';
import { scorePair, type DuplicateFeatures } from '../../../domain/duplicateScore';
import { roleAtLeast } from '../../../domain/role';
import { isApiError } from '../../api/api';
import { useDuplicateSettings, useStartScan, useUpdateDuplicateSettings, type DuplicateSettings } from '../../api/duplicates';
import { showApiError } from '../../components/formErrors';
import { PageHeader } from '../../components/PageHeader';
import { useSession } from '../../components/RequireAuth';
import { scanStore } from '../duplicates/duplicateWords';

/** Threshold, rule weights, name similarity and blocking of the duplicate check (managers). */
export function DuplicateSettingsPage() {
  const me = useSession();
  const canManage = roleAtLeast(me.role, 'manager');
  const settings = useDuplicateSettings(canManage);
  return (
    <>
      <PageHeader
        title="Duplicate rules"
        description={
          <>
            What makes two clients likely duplicates. New clients are checked as they are added; a scan checks everyone. Review what is found in the{' '}
            <Anchor component={Link} to="/duplicates" size="sm">
              duplicates queue
            </Anchor>
            .
          </>
        }
      />
      {!canManage ? (
        <Text size="sm" c="dimmed">
          Only managers, admins and owners can see and change the duplicate rules.
        </Text>
      ) : settings.isPending ? (
        <Skeleton h={420} maw={720} />
      ) : settings.isError ? (
        <Alert color="red">{settings.error.message}</Alert>
      ) : (
        <DuplicateRulesForm data={settings.data} />
      )}
    </>
  );
}

type Values = DuplicateSettings;

const sample: DuplicateFeatures = { id: 'a', name: 'Anna Schmidt', emails: ['anna.schmidt@example.com'], phones: ['+4930123456'] };
const examples: { label: string; other: DuplicateFeatures }[] = [
  { label: 'Anna Schmidt and Jonas Weber, same e-mail', other: { id: 'b', name: 'Jonas Weber', emails: ['anna.schmidt@example.com'], phones: [] } },
  { label: 'Anna Schmidt and Jonas Weber, same phone', other: { id: 'b', name: 'Jonas Weber', emails: [], phones: ['+4930123456'] } },
  { label: 'Anna Schmidt and Anna Schmitt', other: { id: 'b', name: 'Anna Schmitt', emails: [], phones: [] } },
  { label: 'Anna Schmidt and Anne Schmid', other: { id: 'b', name: 'Anne Schmid', emails: [], phones: [] } },
  { label: 'Anna Schmidt and Ana Schmidt, same phone', other: { id: 'b', name: 'Ana Schmidt', emails: [], phones: ['+4930123456'] } },
];

const asNumber = (v: unknown) => (typeof v === 'number' ? v : Number(v));

function DuplicateRulesForm({ data }: { data: DuplicateSettings }) {
  const save = useUpdateDuplicateSettings();
  const scan = useStartScan();
  const navigate = useNavigate();
  const [saved, setSaved] = useState(false);
  const form = useForm<Values>({ initialValues: data });
  const v = form.values;
  const rules = { threshold: asNumber(v.threshold), email: { ...v.email, weight: asNumber(v.email.weight) }, phone: { ...v.phone, weight: asNumber(v.phone.weight) }, name: { ...v.name, weight: asNumber(v.name.weight), minSimilarity: asNumber(v.name.minSimilarity) } };

  const submit = form.onSubmit((values) =>
    save.mutate(
      {
        threshold: asNumber(values.threshold),
        email: { enabled: values.email.enabled, weight: asNumber(values.email.weight) },
        phone: { enabled: values.phone.enabled, weight: asNumber(values.phone.weight) },
        name: { enabled: values.name.enabled, weight: asNumber(values.name.weight), minSimilarity: asNumber(values.name.minSimilarity) },
        blocks: values.blocks,
      },
      {
        onSuccess: (s) => {
          form.setInitialValues(s);
          form.setValues(s);
          form.resetDirty(s);
          setSaved(true);
          notifications.show({ color: 'teal', message: 'Duplicate rules saved.' });
        },
        onError: (e) => {
          // Each field error of the problem lands on its field (paths like name.minSimilarity).
          if (isApiError(e) && e.fieldErrors.length) {
            const known = new Set(['threshold', 'email.weight', 'email.enabled', 'phone.weight', 'phone.enabled', 'name.weight', 'name.enabled', 'name.minSimilarity']);
            const errors = Object.fromEntries(e.fieldErrors.filter((f) => known.has(f.path)).map((f) => [f.path, f.message[0]!.toUpperCase() + f.message.slice(1)]));
            form.setErrors(errors);
            if (Object.keys(errors).length === e.fieldErrors.length) return;
          }
          showApiError(e, undefined, 'Could not save the rules');
        },
      },
    ),
  );

  const runScan = () =>
    scan.mutate(undefined, {
      onSuccess: ({ jobId }) => {
        sessionStorage.setItem(scanStore, jobId);
        void navigate('/duplicates');
      },
      onError: (e) => showApiError(e, undefined, 'Could not start the scan'),
    });

  const weight = (path: 'email' | 'phone' | 'name', label: string, description: string) => (
    <Group align="flex-start" gap="md" wrap="nowrap">
      <Switch label={label} description={description} style={{ flex: 1 }} mt={4} {...form.getInputProps(`${path}.enabled`, { type: 'checkbox' })} />
      <NumberInput label="Weight" aria-label={`${label}: weight (1–100)`} w={96} allowDecimal={false} clampBehavior="none" disabled={!v[path].enabled} {...form.getInputProps(`${path}.weight`)} />
    </Group>
  );

  return (
    <form onSubmit={submit} noValidate>
      <Stack gap="md" maw={760}>
        {saved && !form.isDirty() && (
          <Alert color="teal" title="Saved" role="status">
            <Group justify="space-between" gap="xs">
              <span>Clients added from now on are checked with these rules. Pairs already in the queue keep their scores until the next scan.</span>
              <Button size="xs" leftSection={<IconScan size={14} />} loading={scan.isPending} onClick={runScan}>
                Run a scan now
              </Button>
            </Group>
          </Alert>
        )}
        <Paper withBorder p="md" radius="md">
          <Stack gap="md">
            <Title order={2} size="h4">
              Rules
            </Title>
            <Text size="sm" c="dimmed">
              Each rule a pair meets is evidence with its weight; together they make the score (0–100), so two reasons score higher than either alone.
            </Text>
            {weight('email', 'Same e-mail', 'Case, +tags and Gmail dots are ignored.')}
            {weight('phone', 'Same phone', 'Numbers compared in international form.')}
            {weight('name', 'Similar names', 'Accents, word order and punctuation ignored; the weight is scaled by the similarity.')}
            <NumberInput
              label="Names count as similar from (%)"
              description="50–100; 88 catches typos like Schmidt/Schmitt without pairing different people who share a first name."
              maw={360}
              allowDecimal={false}
              clampBehavior="none"
              disabled={!v.name.enabled}
              {...form.getInputProps('name.minSimilarity')}
            />
            <NumberInput label="Propose pairs scoring at least" description="1–100; the default 65 keeps a shared phone alone (a household, a switchboard) out." maw={360} allowDecimal={false} clampBehavior="none" {...form.getInputProps('threshold')} />
          </Stack>
        </Paper>

        <Paper withBorder p="md" radius="md">
          <Title order={2} size="h4" mb={4}>
            What these rules would propose
          </Title>
          <Text size="sm" c="dimmed" mb="xs">
            Worked out as you type, with the same scoring the scan uses.
          </Text>
          <Table.ScrollContainer minWidth={460}>
            <Table verticalSpacing={6} aria-label="Examples scored with these rules">
              <Table.Thead>
                <Table.Tr>
                  <Table.Th scope="col">Pair</Table.Th>
                  <Table.Th scope="col">Reasons</Table.Th>
                  <Table.Th scope="col">Score</Table.Th>
                  <Table.Th scope="col">Proposed?</Table.Th>
                </Table.Tr>
              </Table.Thead>
              <Table.Tbody>
                {examples.map((ex) => {
                  const r = scorePair(sample, ex.other, { ...rules, threshold: 0 });
                  const passes = !!r && r.score >= rules.threshold;
                  return (
                    <Table.Tr key={ex.label}>
                      <Table.Td>
                        <Text size="sm">{ex.label}</Text>
                      </Table.Td>
                      <Table.Td>
                        <Text size="sm" c="dimmed">
                          {r ? r.reasons.map((x) => x.text).join(' · ') : 'no rule matches'}
                        </Text>
                      </Table.Td>
                      <Table.Td>{r ? r.score : '—'}</Table.Td>
                      <Table.Td style={{ whiteSpace: 'nowrap' }}>
                        <Badge color={passes ? 'orange' : 'gray'} variant="light" tt="none" style={{ overflow: 'visible' }}>
                          {passes ? 'Proposed' : 'Not proposed'}
                        </Badge>
                      </Table.Td>
                    </Table.Tr>
                  );
                })}
              </Table.Tbody>
            </Table>
          </Table.ScrollContainer>
        </Paper>

        <Paper withBorder p="md" radius="md">
          <Title order={2} size="h4" mb={4}>
            Where a scan looks for similar names
          </Title>
          <Text size="sm" c="dimmed" mb="sm">
            A scan never compares every client with every other: names are compared among clients that share one of these. Fewer groups make a faster scan that may miss a pair.
          </Text>
          <Stack gap="xs">
            <Checkbox label="The same company" {...form.getInputProps('blocks.company', { type: 'checkbox' })} />
            <Checkbox label="The same city" {...form.getInputProps('blocks.city', { type: 'checkbox' })} />
            <Checkbox label="Phone numbers that differ only in their last 4 digits" {...form.getInputProps('blocks.phonePrefix', { type: 'checkbox' })} />
          </Stack>
        </Paper>

        <Group justify="flex-end">
          <Button variant="default" disabled={!form.isDirty()} onClick={() => form.reset()}>
            Discard changes
          </Button>
          <Button type="submit" loading={save.isPending} disabled={!form.isDirty()}>
            Save rules
          </Button>
        </Group>
      </Stack>
    </form>
  );
}
