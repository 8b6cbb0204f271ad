import { Alert, Badge, Button, Checkbox, Group, Modal, NumberInput, Paper, Progress, SegmentedControl, SimpleGrid, Skeleton, Stack, Table, Text, Textarea, TextInput, Title } from '@mantine/core';
import { useForm } from '@mantine/form';
import { IconPlus } from '@tabler/icons-react';
import { useState, type ReactNode } from 'react';
import { feedbackKinds, npsCategory, scoreRanges, type FeedbackKind } from '../../../domain/feedback';
import { useCreateFeedback, useCreateReferral, useFeedback, useFeedbackSummary, useReferrals } from '../../api/feedback';
import { useLoyalty, useLoyaltyWrite } from '../../api/loyalty';
import { usePhoneModal } from '../clients/ClientBits';
import { showApiError } from '../formErrors';
import { formatDate } from './dates';
import { humanize } from './labels';

const kindLabel: Record<FeedbackKind, string> = { nps: 'NPS', csat: 'CSAT', testimonial: 'Testimonial', suggestion: 'Suggestion' };
const categoryColor = { promoter: 'teal', passive: 'yellow', detractor: 'red' } as const;

/** NPS, CSAT, testimonials and suggestions; referrals made and received; loyalty balance and tier. */
export function FeedbackTab({ clientId, canWrite }: { clientId: string; canWrite: boolean }) {
  const summary = useFeedbackSummary(clientId);
  const feedback = useFeedback(clientId);
  const referrals = useReferrals(clientId);
  const [dialog, setDialog] = useState<'feedback' | 'referral' | 'points' | null>(null);
  const s = summary.data;
  return (
    <Stack gap="md">
      {s && (
        <SimpleGrid cols={{ base: 2, sm: 4 }} spacing="xs">
          <Box2 label="Latest NPS" value={s.npsLatest === null ? '—' : String(s.npsLatest)} badge={s.npsCategory ? <Badge size="xs" color={categoryColor[s.npsCategory]}>{humanize(s.npsCategory)}</Badge> : null} />
          <Box2 label="Average CSAT" value={s.csatAverage === null ? '—' : `${s.csatAverage} / 5`} hint={`${s.csatCount} answers`} />
          <Box2 label="Testimonials" value={String(s.testimonials)} hint={`${s.publishableTestimonials} publishable`} />
          <Box2 label="Referrals made" value={String(referrals.data?.counts.made ?? 0)} hint={`${referrals.data?.counts.converted ?? 0} became clients`} />
        </SimpleGrid>
      )}
      <Loyalty clientId={clientId} canWrite={canWrite} onAdjust={() => setDialog('points')} />
      <Stack gap={4}>
        <Group justify="space-between">
          <Title order={4}>Feedback</Title>
          {canWrite && (
            <Button size="xs" leftSection={<IconPlus size={14} />} onClick={() => setDialog('feedback')}>
              Record feedback
            </Button>
          )}
        </Group>
        {feedback.isPending ? (
          <Skeleton h={60} />
        ) : feedback.isError ? (
          <Alert color="red">{feedback.error.message}</Alert>
        ) : feedback.data.data.length === 0 ? (
          <Text size="sm" c="dimmed">
            No feedback yet. Record an NPS answer, a CSAT score, a testimonial or a suggestion after each completed piece of work.
          </Text>
        ) : (
          <Stack gap={6}>
            {feedback.data.data.map((f) => (
              <Paper key={f.id} withBorder p="xs">
                <Group gap="xs" justify="space-between" wrap="nowrap">
                  <Group gap="xs">
                    <Badge variant="light">{kindLabel[f.kind]}</Badge>
                    {f.score !== null && (
                      <Text fw={700} c={f.kind === 'nps' ? categoryColor[npsCategory(f.score)] : undefined}>
                        {f.score}
                        <Text span size="xs" c="dimmed">
                          {' '}
                          / {scoreRanges[f.kind]?.max}
                        </Text>
                      </Text>
                    )}
                    {f.kind === 'testimonial' && f.permissionToPublish && (
                      <Badge size="xs" color="teal" variant="outline">
                        May be published
                      </Badge>
                    )}
                  </Group>
                  <Text size="xs" c="dimmed">
                    {formatDate(f.receivedAt)}
                  </Text>
                </Group>
                {f.comment && (
                  <Text size="sm" mt={4}>
                    {f.comment}
                  </Text>
                )}
              </Paper>
            ))}
          </Stack>
        )}
      </Stack>
      <Stack gap={4}>
        <Group justify="space-between">
          <Title order={4}>Referrals</Title>
          {canWrite && (
            <Button size="xs" variant="light" leftSection={<IconPlus size={14} />} onClick={() => setDialog('referral')}>
              Add referral
            </Button>
          )}
        </Group>
        {referrals.isPending ? (
          <Skeleton h={40} />
        ) : !referrals.data?.data.length ? (
          <Text size="sm" c="dimmed">
            No referrals yet. When this client sends someone your way, add them here to track the reward.
          </Text>
        ) : (
          <Table.ScrollContainer minWidth={480}>
            <Table aria-label="Referrals" verticalSpacing="xs">
              <Table.Thead>
                <Table.Tr>
                  <Table.Th>Referral</Table.Th>
                  <Table.Th>Status</Table.Th>
                  <Table.Th>Reward</Table.Th>
                  <Table.Th>Date</Table.Th>
                </Table.Tr>
              </Table.Thead>
              <Table.Tbody>
                {referrals.data.data.map((r) => (
                  <Table.Tr key={r.id}>
                    <Table.Td>
                      {r.referrerClientId === clientId ? `Referred ${r.referred?.displayName ?? r.referredName ?? r.referredEmail ?? 'someone'}` : `Referred by ${r.referrer?.displayName ?? 'a client'}`}
                    </Table.Td>
                    <Table.Td>{humanize(r.status)}</Table.Td>
                    <Table.Td>
                      {humanize(r.rewardStatus)}
                      {r.rewardNotes ? ` · ${r.rewardNotes}` : ''}
                    </Table.Td>
                    <Table.Td>{formatDate(r.referredAt)}</Table.Td>
                  </Table.Tr>
                ))}
              </Table.Tbody>
            </Table>
          </Table.ScrollContainer>
        )}
      </Stack>
      <FeedbackModal clientId={clientId} opened={dialog === 'feedback'} onClose={() => setDialog(null)} />
      <ReferralModal clientId={clientId} opened={dialog === 'referral'} onClose={() => setDialog(null)} />
      <PointsModal clientId={clientId} opened={dialog === 'points'} onClose={() => setDialog(null)} />
    </Stack>
  );
}

function Box2({ label, value, hint, badge }: { label: string; value: string; hint?: string; badge?: ReactNode }) {
  return (
    <Paper withBorder p="xs">
      <Text size="xs" c="dimmed" tt="uppercase" fw={600}>
        {label}
      </Text>
      <Group gap={6}>
        <Text fw={700} size="lg">
          {value}
        </Text>
        {badge}
      </Group>
      {hint && (
        <Text size="xs" c="dimmed">
          {hint}
        </Text>
      )}
    </Paper>
  );
}

function Loyalty({ clientId, canWrite, onAdjust }: { clientId: string; canWrite: boolean; onAdjust: () => void }) {
  const loyalty = useLoyalty(clientId);
  if (loyalty.isPending) return <Skeleton h={70} />;
  if (!loyalty.data) return null;
  const l = loyalty.data;
  const toNext = l.nextTier ? Math.min(100, (l.lifetimePoints / l.nextTier.threshold) * 100) : 100;
  return (
    <Paper withBorder p="sm">
      <Group justify="space-between" align="flex-start">
        <Stack gap={2}>
          <Text size="xs" c="dimmed" tt="uppercase" fw={600}>
            Loyalty
          </Text>
          <Group gap="xs">
            <Text fw={700} size="lg">
              {new Intl.NumberFormat().format(l.balance)} points
            </Text>
            {l.tier && <Badge color="lime">{l.tier}</Badge>}
          </Group>
          <Text size="xs" c="dimmed">
            {new Intl.NumberFormat().format(l.lifetimePoints)} earned in all
            {l.nextTier ? ` · ${new Intl.NumberFormat().format(l.nextTier.threshold - l.lifetimePoints)} to ${l.nextTier.name}` : ''}
          </Text>
        </Stack>
        {canWrite && (
          <Button size="xs" variant="light" onClick={onAdjust}>
            Adjust or redeem
          </Button>
        )}
      </Group>
      {l.nextTier && <Progress value={toNext} mt="xs" size="sm" aria-label={`Progress to ${l.nextTier.name}`} />}
      {l.ledger.data.length > 0 && (
        <Stack gap={0} mt="xs">
          {l.ledger.data.slice(0, 5).map((e) => (
            <Group key={e.id} justify="space-between" wrap="nowrap">
              <Text size="xs">
                {formatDate(e.at)} · {humanize(e.kind)}
                {e.reason ? `: ${e.reason}` : ''}
              </Text>
              <Text size="xs" fw={600} c={e.points < 0 ? 'red' : 'teal'}>
                {e.points > 0 ? '+' : ''}
                {e.points}
              </Text>
            </Group>
          ))}
        </Stack>
      )}
    </Paper>
  );
}

function FeedbackModal({ clientId, opened, onClose }: { clientId: string; opened: boolean; onClose: () => void }) {
  const create = useCreateFeedback(clientId);
  const phone = usePhoneModal();
  const form = useForm({ initialValues: { kind: 'nps', score: '' as number | string, comment: '', permissionToPublish: false } });
  const kind = form.values.kind as FeedbackKind;
  const range = scoreRanges[kind];
  const submit = form.onSubmit((v) =>
    create.mutate(
      { kind, score: range && typeof v.score === 'number' ? v.score : null, comment: v.comment.trim() || null, permissionToPublish: kind === 'testimonial' ? v.permissionToPublish : undefined },
      {
        onSuccess: () => {
          form.reset();
          onClose();
        },
        onError: (e) => showApiError(e, form, 'Could not record the feedback'),
      },
    ),
  );
  return (
    <Modal opened={opened} onClose={onClose} title="Record feedback" fullScreen={phone}>
      <form onSubmit={submit}>
        <Stack gap="sm">
          <SegmentedControl aria-label="Kind of feedback" data={feedbackKinds.map((k) => ({ value: k, label: kindLabel[k] }))} {...form.getInputProps('kind')} />
          {range && <NumberInput label={`Score (${range.min}–${range.max})`} min={range.min} max={range.max} allowDecimal={false} required {...form.getInputProps('score')} />}
          <Textarea label={kind === 'testimonial' ? 'Testimonial' : kind === 'suggestion' ? 'Suggestion' : 'Comment'} required={!range} autosize minRows={3} {...form.getInputProps('comment')} />
          {kind === 'testimonial' && <Checkbox label="The client agreed that it may be published" {...form.getInputProps('permissionToPublish', { type: 'checkbox' })} />}
          <Group justify="flex-end">
            <Button variant="default" onClick={onClose}>
              Cancel
            </Button>
            <Button type="submit" loading={create.isPending}>
              Save
            </Button>
          </Group>
        </Stack>
      </form>
    </Modal>
  );
}

function ReferralModal({ clientId, opened, onClose }: { clientId: string; opened: boolean; onClose: () => void }) {
  const create = useCreateReferral(clientId);
  const form = useForm({ initialValues: { referredName: '', referredEmail: '', rewardNotes: '' }, validate: { referredName: (v) => (v.trim() ? null : 'Who was referred?') } });
  const submit = form.onSubmit((v) =>
    create.mutate(
      { referredName: v.referredName.trim(), referredEmail: v.referredEmail.trim() || null, rewardNotes: v.rewardNotes.trim() || null, rewardStatus: v.rewardNotes.trim() ? 'pending' : 'none' },
      {
        onSuccess: () => {
          form.reset();
          onClose();
        },
        onError: (e) => showApiError(e, form, 'Could not add the referral'),
      },
    ),
  );
  return (
    <Modal opened={opened} onClose={onClose} title="Add a referral this client made">
      <form onSubmit={submit}>
        <Stack gap="sm">
          <TextInput label="Referred person or company" required data-autofocus {...form.getInputProps('referredName')} />
          <TextInput label="Their e-mail" type="email" {...form.getInputProps('referredEmail')} />
          <TextInput label="Reward" placeholder='e.g. "£20 voucher"' {...form.getInputProps('rewardNotes')} />
          <Group justify="flex-end">
            <Button variant="default" onClick={onClose}>
              Cancel
            </Button>
            <Button type="submit" loading={create.isPending}>
              Add referral
            </Button>
          </Group>
        </Stack>
      </form>
    </Modal>
  );
}

function PointsModal({ clientId, opened, onClose }: { clientId: string; opened: boolean; onClose: () => void }) {
  const write = useLoyaltyWrite(clientId);
  const form = useForm({
    initialValues: { action: 'adjust', points: '' as number | string, reason: '' },
    validate: {
      points: (v, all) => (typeof v !== 'number' || v === 0 || (all.action === 'redeem' && v < 0) ? 'Enter a whole number of points (not zero)' : null),
      reason: (v, all) => (all.action === 'adjust' && !v.trim() ? 'Say why the points change' : null),
    },
  });
  const submit = form.onSubmit((v) => {
    const points = Number(v.points);
    const request = v.action === 'adjust' ? ({ action: 'adjust', body: { points, reason: v.reason.trim() } } as const) : ({ action: 'redeem', body: { points, reason: v.reason.trim() || undefined } } as const);
    write.mutate(request, {
      onSuccess: () => {
        form.reset();
        onClose();
      },
      onError: (e) => showApiError(e, form, 'Could not change the points'),
    });
  });
  return (
    <Modal opened={opened} onClose={onClose} title="Loyalty points">
      <form onSubmit={submit}>
        <Stack gap="sm">
          <SegmentedControl aria-label="Adjust or redeem" data={[{ value: 'adjust', label: 'Adjust' }, { value: 'redeem', label: 'Redeem' }]} {...form.getInputProps('action')} />
          <NumberInput label={form.values.action === 'adjust' ? 'Points (negative to remove)' : 'Points to redeem'} allowDecimal={false} required {...form.getInputProps('points')} />
          <TextInput label={form.values.action === 'adjust' ? 'Reason' : 'Redeemed for'} required={form.values.action === 'adjust'} {...form.getInputProps('reason')} />
          <Group justify="flex-end">
            <Button variant="default" onClick={onClose}>
              Cancel
            </Button>
            <Button type="submit" loading={write.isPending}>
              Save
            </Button>
          </Group>
        </Stack>
      </form>
    </Modal>
  );
}
