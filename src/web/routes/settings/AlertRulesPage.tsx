import { Alert as Notice, Badge, Button, Center, Group, Paper, Select, Skeleton, Stack, Switch, Text, TextInput } from '@mantine/core';
import { useDisclosure, useDocumentTitle } from '@mantine/hooks';
import { notifications } from '@mantine/notifications';
import { IconBellPlus, IconPlus, IconTrash } from '@tabler/icons-react';
import { useState } from 'react';
import { alertSeverities, type AlertDelivery, type AlertSeverity } from '../../../domain/alert';
import { roleAtLeast } from '../../../domain/role';
import { useAlertRules, useDeleteAlertRule, useUpdateAlertRule, type AlertRule } from '../../api/alerts';
import { useHealthSettings } from '../../api/health';
import { useOrderWord } from '../../api/orders';
import { kindLabels, severityColors } from '../../components/alerts/labels';
import { DeliveryFields } from '../../components/alerts/DeliveryFields';
import { fieldErrorsOf } from '../../components/alerts/fieldErrors';
import { NewRuleModal } from '../../components/alerts/NewRuleModal';
import { RuleParams } from '../../components/alerts/RuleParams';
import { ConfirmModal } from '../../components/ConfirmModal';
import { showApiError } from '../../components/formErrors';
import { PageHeader } from '../../components/PageHeader';
import { useSession } from '../../components/RequireAuth';

/** The workspace's alert rules: add, change what makes them fire, turn on or off, delete. */
export function AlertRulesPage() {
  useDocumentTitle('Alert rules · Rapport');
  const me = useSession();
  const rules = useAlertRules();
  const health = useHealthSettings();
  const canManage = roleAtLeast(me.role, 'manager');
  const bands = (health.data?.settings.bands ?? []).map((b) => ({ value: b.key, label: b.name }));
  const usageDays = health.data?.settings.windows.usageDays ?? null;
  const { currency } = useOrderWord();
  const [adding, { open: add, close: closeAdd }] = useDisclosure(false);
  return (
    <>
      <PageHeader
        title="Alert rules"
        description="What opens an alert in the inbox. Each rule opens at most one alert per client until it is resolved."
        action={
          canManage && rules.isSuccess && rules.data.length > 0 ? (
            <Button size="xs" leftSection={<IconPlus size={14} />} onClick={add}>
              New rule
            </Button>
          ) : undefined
        }
      />
      {canManage && <NewRuleModal opened={adding} onClose={closeAdd} bands={bands} usageDays={usageDays} currency={currency} />}
      {!canManage && (
        <Text size="sm" c="dimmed" mb="sm">
          Only owners, admins and managers can change the rules.
        </Text>
      )}
      {rules.isPending && <Skeleton h={300} />}
      {rules.isError && <Notice color="red">{rules.error.message}</Notice>}
      {rules.isSuccess && rules.data.length === 0 && (
        <Center py="xl">
          <Stack align="center" gap="xs" maw={480}>
            <IconBellPlus size={40} stroke={1.5} color="var(--mantine-color-blue-6)" aria-hidden />
            <Text fw={600}>No alert rules: nothing opens alerts</Text>
            <Text size="sm" c="dimmed" ta="center">
              {canManage
                ? 'Add a rule for what your team should hear about — a client dropping to a lower health band, an invoice overdue, a message waiting past its response target.'
                : 'Ask an owner, admin or manager to add rules for what the team should hear about.'}
            </Text>
            {canManage && (
              <Button mt="xs" leftSection={<IconPlus size={16} />} onClick={add}>
                Add the first rule
              </Button>
            )}
          </Stack>
        </Center>
      )}
      <Stack gap="sm" maw={900}>
        {rules.data?.map((r) => <RuleRow key={`${r.id}.${r.version}`} rule={r} bands={bands} usageDays={usageDays} currency={currency} canManage={canManage} />)}
      </Stack>
    </>
  );
}

function RuleRow({ rule, bands, usageDays, currency, canManage }: { rule: AlertRule; bands: { value: string; label: string }[]; usageDays: number | null; currency: string; canManage: boolean }) {
  const update = useUpdateAlertRule();
  const remove = useDeleteAlertRule();
  const [confirming, { open: confirmDelete, close: closeConfirm }] = useDisclosure(false);
  const [name, setName] = useState(rule.name);
  const [severity, setSeverity] = useState<AlertSeverity>(rule.severity);
  const [params, setParams] = useState<Record<string, unknown>>(rule.params);
  const [deliver, setDeliver] = useState<AlertDelivery>(rule.deliver);
  const [errors, setErrors] = useState<Record<string, string>>({});
  const dirty = name !== rule.name || severity !== rule.severity || JSON.stringify(params) !== JSON.stringify(rule.params) || JSON.stringify(deliver) !== JSON.stringify(rule.deliver);
  const failed = (e: unknown) => {
    const found = fieldErrorsOf(e, 'Could not save the rule');
    if (found) setErrors(found);
  };
  const deleteRule = () =>
    remove.mutate(rule, {
      onSuccess: () => notifications.show({ color: 'teal', message: `Rule “${rule.name}” deleted.` }),
      onError: (e) => showApiError(e, undefined, 'Could not delete the rule'),
      onSettled: closeConfirm,
    });
  const save = () =>
    update.mutate(
      { id: rule.id, name, severity, params, deliver, version: rule.version },
      { onSuccess: () => notifications.show({ color: 'teal', message: `“${name}” saved.` }), onError: failed },
    );
  const toggle = (enabled: boolean) =>
    update.mutate({ id: rule.id, enabled, version: rule.version }, { onSuccess: () => notifications.show({ color: 'teal', message: `“${rule.name}” ${enabled ? 'on' : 'off'}.` }), onError: failed });
  return (
    <Paper withBorder p="md" component="section" aria-label={`Rule: ${rule.name}`} style={{ opacity: rule.enabled ? 1 : 0.8 }}>
      <Stack gap="xs">
        <Group justify="space-between" gap="xs">
          <Group gap="xs">
            <Badge variant="light" color={severityColors[rule.severity]}>
              {rule.severity}
            </Badge>
            <Text size="xs" c="dimmed">
              {kindLabels[rule.kind]}
            </Text>
          </Group>
          <Group gap="xs">
            <Switch label={rule.enabled ? 'On' : 'Off'} aria-label={`${rule.name} on`} checked={rule.enabled} disabled={!canManage || update.isPending} onChange={(e) => toggle(e.currentTarget.checked)} />
            {canManage && (
              <Button size="compact-xs" variant="subtle" color="red" leftSection={<IconTrash size={14} />} onClick={confirmDelete} aria-label={`Delete the rule ${rule.name}`}>
                Delete
              </Button>
            )}
          </Group>
        </Group>
        <Group gap="xs" align="flex-start" wrap="wrap">
          <TextInput size="xs" w={260} label="Name" value={name} disabled={!canManage} error={errors.name} onChange={(e) => setName(e.currentTarget.value)} />
          <Select size="xs" w={130} label="Severity" data={alertSeverities.map((s) => ({ value: s, label: s }))} value={severity} allowDeselect={false} disabled={!canManage} onChange={(v) => v && setSeverity(v as AlertSeverity)} />
          <RuleParams kind={rule.kind} params={params} errors={errors} bands={bands} usageDays={usageDays} currency={currency} disabled={!canManage} onChange={setParams} />
        </Group>
        <DeliveryFields value={deliver} disabled={!canManage} onChange={setDeliver} />
        {errors.params && (
          <Text size="sm" c="red">
            {errors.params}
          </Text>
        )}
        {canManage && dirty && (
          <Group justify="flex-end" gap="xs">
            <Button size="xs" variant="default" onClick={() => { setName(rule.name); setSeverity(rule.severity); setParams(rule.params); setDeliver(rule.deliver); setErrors({}); }}>
              Discard
            </Button>
            <Button size="xs" onClick={save} loading={update.isPending}>
              Save rule
            </Button>
          </Group>
        )}
      </Stack>
      <ConfirmModal opened={confirming} title="Delete this rule?" confirmLabel="Delete rule" loading={remove.isPending} onConfirm={deleteRule} onClose={closeConfirm}>
        “{rule.name}” stops opening alerts, and its alerts — open and resolved — are deleted with it. To keep them, turn the rule off instead.
      </ConfirmModal>
    </Paper>
  );
}
