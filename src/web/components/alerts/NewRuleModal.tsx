import { Button, Group, Modal, Select, Stack, Text, TextInput } from '@mantine/core';
import { notifications } from '@mantine/notifications';
import { useState } from 'react';
import { alertRuleKinds, alertSeverities, defaultRedFlagKeywords, type AlertDelivery, type AlertParams, type AlertRuleKind, type AlertSeverity } from '../../../domain/alert';
import { responsePriorities } from '../../../domain/activitySettings';
import { useCreateAlertRule } from '../../api/alerts';
import { DeliveryFields } from './DeliveryFields';
import { fieldErrorsOf } from './fieldErrors';
import { kindHelp, kindLabels } from './labels';
import { RuleParams } from './RuleParams';

/** What a new rule of each kind starts with: the usual thresholds, changed in the form. */
const startParams: { [K in AlertRuleKind]: AlertParams<K> } = {
  band_change: { direction: 'down' },
  score_drop: { points: 15, days: 7 },
  communication_gap: { factor: 1.5 },
  usage_drop: { percent: 30 },
  renewal_upcoming: { days: 30 },
  payment_overdue: { days: 1 },
  response_breach: { priorities: [...responsePriorities] },
  satisfaction_drop: { npsAtMost: 6 },
  document_expiring: { days: 30 },
  red_flag_keywords: { keywords: [...defaultRedFlagKeywords] },
};
const startDelivery: AlertDelivery = { inApp: true, digest: true, webhook: true };

/** Adds a rule: its kind, what makes it fire (with units), name, severity and delivery; the server's field errors beside the fields. */
export function NewRuleModal({ opened, onClose, bands, usageDays, currency }: { opened: boolean; onClose: () => void; bands: { value: string; label: string }[]; usageDays: number | null; currency: string }) {
  const create = useCreateAlertRule();
  const [kind, setKind] = useState<AlertRuleKind | null>(null);
  const [params, setParams] = useState<Record<string, unknown>>({});
  const [name, setName] = useState('');
  const [severity, setSeverity] = useState<AlertSeverity>('warning');
  const [deliver, setDeliver] = useState<AlertDelivery>(startDelivery);
  const [errors, setErrors] = useState<Record<string, string>>({});
  const reset = () => {
    setKind(null);
    setParams({});
    setName('');
    setSeverity('warning');
    setDeliver(startDelivery);
    setErrors({});
  };
  const close = () => {
    reset();
    onClose();
  };
  const pick = (k: AlertRuleKind | null) => {
    setKind(k);
    setParams(k ? { ...startParams[k] } : {});
    setErrors({});
  };
  const submit = () => {
    if (!kind) return setErrors({ kind: 'Pick what the rule watches' });
    create.mutate(
      { kind, params: params as AlertParams, severity, deliver, ...(name.trim() ? { name: name.trim() } : {}) },
      {
        onSuccess: (rule) => {
          notifications.show({ color: 'teal', message: `Rule “${rule.name}” added.` });
          close();
        },
        onError: (e) => {
          const found = fieldErrorsOf(e, 'Could not add the rule');
          if (found) setErrors(found);
        },
      },
    );
  };
  return (
    <Modal opened={opened} onClose={close} title="New alert rule" size="lg">
      <form
        aria-label="New alert rule"
        onSubmit={(e) => {
          e.preventDefault();
          submit();
        }}
      >
        <Stack gap="sm">
          <Select
            label="Watches"
            placeholder="Pick what opens an alert"
            data={alertRuleKinds.map((k) => ({ value: k, label: kindLabels[k] }))}
            value={kind}
            onChange={(v) => pick(v as AlertRuleKind | null)}
            error={errors.kind}
            description={kind ? kindHelp[kind] : undefined}
            allowDeselect={false}
            searchable
            data-autofocus
          />
          {kind && (
            <>
              <Group gap="xs" align="flex-start" wrap="wrap">
                <RuleParams kind={kind} params={params} errors={errors} bands={bands} usageDays={usageDays} currency={currency} disabled={false} onChange={(next) => {
                  // An edited value no longer carries the server's complaint about the old one.
                  setParams(next);
                  setErrors((e) => Object.fromEntries(Object.entries(e).filter(([k]) => k === 'name' || k === 'severity' || k === 'kind')));
                }} />
              </Group>
              {errors.params && (
                <Text size="sm" c="red">
                  {errors.params}
                </Text>
              )}
              <Group gap="xs" align="flex-start" wrap="wrap">
                <TextInput style={{ flex: '1 1 220px' }} label="Name" placeholder={kindLabels[kind]} description="Empty: the kind’s name" value={name} error={errors.name} onChange={(e) => (setName(e.currentTarget.value), setErrors(({ name: _n, ...rest }) => rest))} />
                <Select w={140} label="Severity" data={alertSeverities.map((s) => ({ value: s, label: s }))} value={severity} allowDeselect={false} error={errors.severity} onChange={(v) => v && setSeverity(v as AlertSeverity)} />
              </Group>
              <DeliveryFields value={deliver} disabled={false} onChange={setDeliver} />
            </>
          )}
          <Group justify="flex-end" gap="xs">
            <Button variant="default" onClick={close}>
              Cancel
            </Button>
            <Button type="submit" loading={create.isPending}>
              Add rule
            </Button>
          </Group>
        </Stack>
      </form>
    </Modal>
  );
}
