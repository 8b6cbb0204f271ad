import { Alert as Notice, Badge, Button, Group, Paper, Select, Skeleton, Stack, Switch, Text, TextInput } from '@mantine/core';
import { useDocumentTitle } from '@mantine/hooks';
import { notifications } from '@mantine/notifications';
import { useState } from 'react';
import { alertSeverities, type AlertDelivery, type AlertSeverity } from '../../../domain/alert';
import { roleAtLeast } from '../../../domain/role';
import { isApiError } from '../../api/api';
import { useAlertRules, useUpdateAlertRule, type AlertRule } from '../../api/alerts';
import { useHealthSettings } from '../../api/health';
import { kindLabels, severityColors } from '../../components/alerts/labels';
import { DeliveryFields } from '../../components/alerts/DeliveryFields';
import { RuleParams } from '../../components/alerts/RuleParams';
import { showApiError } from '../../components/formErrors';
import { PageHeader } from '../../components/PageHeader';
import { useSession } from '../../components/RequireAuth';

/** The workspace's alert rules: turn them on or off, change what makes them fire. */
export function AlertRulesPage() {
  useDocumentTitle('Alert rules · Rapport');
  const me = useSession();
  const rules = useAlertRules();
  const health = useHealthSettings();
  const canManage = roleAtLeast(me.role, 'manager');
  const bands = (health.data?.settings.bands ?? []).map((b) => ({ value: b.key, label: b.name }));
  const usageDays = health.data?.settings.windows.usageDays ?? null;
  return (
    <>
      <PageHeader title="Alert rules" description="What opens an alert in the inbox. Each rule opens at most one alert per client until it is resolved." />
      {!canManage && (
        <Text size="sm" c="dimmed" mb="sm">
          Only owners, admins and managers can change the rules.
        </Text>
      )}
      {rules.isPending && <Skeleton h={300} />}
      {rules.isError && <Notice color="red">{rules.error.message}</Notice>}
      {rules.isSuccess && rules.data.length === 0 && (
        <Text size="sm" c="dimmed">
          No rules: nothing will open alerts. The default rules come back when the workspace is set up again; ask an admin.
        </Text>
      )}
      <Stack gap="sm" maw={900}>
        {rules.data?.map((r) => <RuleRow key={`${r.id}.${r.version}`} rule={r} bands={bands} usageDays={usageDays} canManage={canManage} />)}
      </Stack>
    </>
  );
}

function RuleRow({ rule, bands, usageDays, canManage }: { rule: AlertRule; bands: { value: string; label: string }[]; usageDays: number | null; canManage: boolean }) {
  const update = useUpdateAlertRule();
  const [name, setName] = useState(rule.name);
  const [severity, setSeverity] = useState<AlertSeverity>(rule.severity);
  const [params, setParams] = useState<Record<string, unknown>>(rule.params);
  const [deliver, setDeliver] = useState<AlertDelivery>(rule.deliver);
  const [errors, setErrors] = useState<Record<string, string>>({});
  const dirty = name !== rule.name || severity !== rule.severity || JSON.stringify(params) !== JSON.stringify(rule.params) || JSON.stringify(deliver) !== JSON.stringify(rule.deliver);
  const failed = (e: unknown) => {
    if (isApiError(e, 412)) return notifications.show({ color: 'orange', title: 'Changed by someone else', message: 'The rule is reloaded with their change; make yours again.' });
    if (isApiError(e) && e.fieldErrors.length) {
      const out: Record<string, string> = {};
      for (const f of e.fieldErrors) out[f.path.replace(/^params\./, '')] = f.message[0]!.toUpperCase() + f.message.slice(1);
      return setErrors(out);
    }
    showApiError(e, undefined, 'Could not save the rule');
  };
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
          <Switch label={rule.enabled ? 'On' : 'Off'} aria-label={`${rule.name} on`} checked={rule.enabled} disabled={!canManage || update.isPending} onChange={(e) => toggle(e.currentTarget.checked)} />
        </Group>
        <Group gap="xs" align="flex-start" wrap="wrap">
          <TextInput size="xs" w={260} label="Name" value={name} disabled={!canManage} error={errors.name} onChange={(e) => setName(e.currentTarget.value)} />
          <Select size="xs" w={130} label="Severity" data={alertSeverities.map((s) => ({ value: s, label: s }))} value={severity} allowDeselect={false} disabled={!canManage} onChange={(v) => v && setSeverity(v as AlertSeverity)} />
          <RuleParams kind={rule.kind} params={params} errors={errors} bands={bands} usageDays={usageDays} disabled={!canManage} onChange={setParams} />
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
    </Paper>
  );
}
