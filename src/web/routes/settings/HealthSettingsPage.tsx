import { Alert, Anchor, Button, Group, NumberInput, Paper, SimpleGrid, Skeleton, Stack, Text, Title } from '@mantine/core';
import { useDocumentTitle } from '@mantine/hooks';
import { notifications } from '@mantine/notifications';
import { IconAlertTriangle, IconRefresh } from '@tabler/icons-react';
import { useCallback, useEffect, useRef, useState } from 'react';
import { Link } from 'react-router';
import type { HealthPreview } from '../../../domain/healthExplanation';
import { healthWindowsSchema, type HealthSettings, type HealthWindows } from '../../../domain/healthSettings';
import { roleAtLeast } from '../../../domain/role';
import { isApiError } from '../../api/api';
import { previewHealthSettings, useHealthSettings, useUpdateHealthSettings, type HealthSettingsResponse } from '../../api/health';
import { showApiError } from '../../components/formErrors';
import { BandsEditor } from '../../components/health/settings/BandsEditor';
import { CurvesEditor } from '../../components/health/settings/CurvesEditor';
import { errorsFrom, under, type Errors } from '../../components/health/settings/fieldErrors';
import { PreviewBar } from '../../components/health/settings/PreviewBar';
import { ProfilesEditor } from '../../components/health/settings/ProfilesEditor';
import { RecomputeProgress } from '../../components/health/settings/RecomputeProgress';
import { WeightsEditor } from '../../components/health/settings/WeightsEditor';
import { PageHeader } from '../../components/PageHeader';
import { useSession } from '../../components/RequireAuth';

/** Weights, bands, curves, profiles and windows of the health score, with a live preview of the band counts. */
export function HealthSettingsPage() {
  useDocumentTitle('Health settings · Rapport');
  const settings = useHealthSettings();
  const [jobId, setJobId] = useState<string | null>(null);
  const [reloads, setReloads] = useState(0);
  return (
    <>
      <PageHeader title="Health score" description="How each client’s score is worked out, which band it falls in, and what to do about clients in each band." />
      {settings.isPending && <Skeleton h={400} />}
      {settings.isError && <Alert color="red">{settings.error.message}</Alert>}
      {settings.isSuccess && (
        <HealthSettingsForm
          key={`${settings.data.version}.${reloads}`}
          data={settings.data}
          jobId={jobId}
          onSaved={setJobId}
          onReload={async () => {
            await settings.refetch();
            setReloads((n) => n + 1);
          }}
        />
      )}
    </>
  );
}

const bodyOf = (s: HealthSettings) => ({ bands: s.bands, weights: s.weights, curves: s.curves, windows: s.windows, profiles: s.profiles });
const windowKeys = Object.keys(healthWindowsSchema.shape) as (keyof HealthWindows)[];
const windowLabels: Record<keyof HealthWindows, string> = {
  usageDays: 'Usage window', supportDays: 'Support window', satisfactionDays: 'Satisfaction window', ordersDays: 'Orders window', referralsDays: 'Referrals window', responseDays: 'Response-time window',
};

function HealthSettingsForm({ data, jobId, onSaved, onReload }: { data: HealthSettingsResponse; jobId: string | null; onSaved: (jobId: string | null) => void; onReload: () => Promise<void> }) {
  const me = useSession();
  const canManage = roleAtLeast(me.role, 'manager');
  const [draft, setDraft] = useState<HealthSettings>(data.settings);
  const [errors, setErrors] = useState<Errors>({});
  const [conflict, setConflict] = useState(false);
  const [preview, setPreview] = useState<HealthPreview | null>(null);
  const [previewing, setPreviewing] = useState(false);
  const [previewError, setPreviewError] = useState<string | null>(null);
  const [tick, setTick] = useState(0);
  const save = useUpdateHealthSettings();
  const seq = useRef(0);
  const body = JSON.stringify(bodyOf(draft));
  const dirty = body !== JSON.stringify(bodyOf(data.settings));

  // The preview follows the draft, 400 ms after the last change; an older answer never overwrites a newer one.
  useEffect(() => {
    if (!canManage) return;
    const mine = ++seq.current;
    setPreviewing(true);
    const timer = setTimeout(() => {
      previewHealthSettings(JSON.parse(body))
        .then((p) => {
          if (mine !== seq.current) return;
          setPreview(p);
          setPreviewError(null);
          setErrors({});
        })
        .catch((e: unknown) => {
          if (mine !== seq.current) return;
          const fe = errorsFrom(e);
          setErrors(fe);
          setPreviewError(Object.keys(fe).length ? 'fix the fields marked in red' : isApiError(e) ? e.detail : String(e));
        })
        .finally(() => mine === seq.current && setPreviewing(false));
    }, 400);
    return () => clearTimeout(timer);
  }, [body, canManage, tick]);

  const submit = () =>
    save.mutate(
      { ...bodyOf(draft), version: data.version },
      {
        onSuccess: (out) => {
          notifications.show({ color: 'teal', message: out.recomputeJobId ? 'Health settings saved; every client is being scored again.' : 'Health settings saved.' });
          onSaved(out.recomputeJobId);
        },
        onError: (e) => {
          if (isApiError(e, 412)) return setConflict(true);
          const fe = errorsFrom(e);
          if (Object.keys(fe).length) setErrors(fe);
          else showApiError(e, undefined, 'Could not save the settings');
        },
      },
    );
  const finished = useCallback(() => setTick((t) => t + 1), []);
  const disabled = !canManage;

  return (
    <Stack gap="md" maw={900}>
      {conflict && (
        <Alert color="orange" icon={<IconAlertTriangle size={18} />} title="Someone else changed these settings" role="alert">
          <Group gap="xs" justify="space-between">
            <span>Your changes were not saved. Reload to see the latest settings, then make your change again.</span>
            <Button size="xs" leftSection={<IconRefresh size={14} />} onClick={() => void onReload()}>
              Reload
            </Button>
          </Group>
        </Alert>
      )}
      {jobId && <RecomputeProgress jobId={jobId} onFinished={finished} />}
      {canManage ? (
        <PreviewBar preview={preview} loading={previewing} error={previewError} />
      ) : (
        <Text size="sm" c="dimmed">
          Only owners, admins and managers can change these settings.
        </Text>
      )}

      <Section title="Weights" description="How much each factor counts. A factor without data for a client is left out and the others share its weight; 0 turns a factor off.">
        <WeightsEditor weights={draft.weights} labels={data.factors} errors={under(errors, 'weights')} disabled={disabled} onChange={(weights) => setDraft({ ...draft, weights })} />
        {errors.weights && (
          <Text size="sm" c="red" role="alert">
            Weights: {errors.weights}
          </Text>
        )}
      </Section>

      <Section title="Bands" description="Which scores count as which band, and the action recommended for clients in it (alerts and “Create task” use it).">
        <BandsEditor preset={draft.bandPreset} bands={draft.bands} presets={data.presets} errors={under(errors, 'bands')} disabled={disabled} onChange={(bandPreset, bands) => setDraft({ ...draft, bandPreset, bands })} />
        {errors.bands && <Text size="sm" c="red">Bands: {errors.bands}</Text>}
      </Section>

      <Section title="Profiles by segment" description="Different weights for the clients of a saved segment; the first matching profile wins.">
        <ProfilesEditor profiles={draft.profiles} weights={draft.weights} suggestions={data.suggestions} labels={data.factors} errors={under(errors, 'profiles')} disabled={disabled} onChange={(profiles) => setDraft({ ...draft, profiles })} />
      </Section>

      <Section title="Windows" description="How far back each factor looks, in days. Changed windows apply when the scores are recomputed after saving. The usage window is also the one “Usage drop” alert rules compare.">
        <SimpleGrid cols={{ base: 1, xs: 2, sm: 3 }}>
          {windowKeys.map((k) => (
            <NumberInput
              key={k}
              label={`${windowLabels[k]} (days)`}
              min={1}
              max={730}
              allowDecimal={false}
              value={draft.windows[k]}
              disabled={disabled}
              error={errors[`windows.${k}`]}
              onChange={(v) => setDraft({ ...draft, windows: { ...draft.windows, [k]: v === '' ? 0 : Number(v) } })}
            />
          ))}
        </SimpleGrid>
        <Text size="xs" c="dimmed">
          The expected contact cadence per status is set in <Anchor component={Link} to="/settings/activity">Activity settings</Anchor>.
        </Text>
      </Section>

      <Section title="Curves" description="How a raw value becomes a 0–100 score: straight lines between the points, flat beyond the first and last.">
        <CurvesEditor curves={draft.curves} measures={data.measures} errors={under(errors, 'curves')} disabled={disabled} onChange={(curves) => setDraft({ ...draft, curves })} />
      </Section>

      {canManage && (
        <Paper withBorder p="sm" pos="sticky" bottom={0} style={{ zIndex: 10 }}>
          <Group justify="space-between" gap="xs">
            <Text size="sm" c="dimmed" style={{ flex: 1, minWidth: 200 }}>
              {dirty ? 'Unsaved changes. Saving scores every client again.' : 'No unsaved changes.'}
              {/* The preview at the top is out of sight while editing further down: its counts, repeated here. */}
              {dirty && preview && preview.total > 0 && ` With these: ${preview.byBand.map((b) => `${preview.sampled ? '≈' : ''}${b.count.toLocaleString('en')} ${b.name}`).join(' · ')}.`}
            </Text>
            <Group gap="xs">
              <Button variant="default" disabled={!dirty} onClick={() => { setDraft(data.settings); setErrors({}); }}>
                Discard
              </Button>
              <Button onClick={submit} loading={save.isPending} disabled={!dirty}>
                Save
              </Button>
            </Group>
          </Group>
        </Paper>
      )}
    </Stack>
  );
}

function Section({ title, description, children }: { title: string; description: string; children: React.ReactNode }) {
  return (
    <Paper withBorder p="md">
      <Title order={3} size="h4">
        {title}
      </Title>
      <Text size="sm" c="dimmed" mb="sm">
        {description}
      </Text>
      <Stack gap="sm">{children}</Stack>
    </Paper>
  );
}
