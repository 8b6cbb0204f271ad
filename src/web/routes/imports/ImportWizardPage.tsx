import { Alert, Button, Center, Group, Loader, Stack, Stepper, Text, Title } from '@mantine/core';
import { useMediaQuery } from '@mantine/hooks';
import { IconArrowLeft, IconDatabaseImport, IconHistory } from '@tabler/icons-react';
import { useState } from 'react';
import { Link, useSearchParams } from 'react-router';
import { isApiError } from '../../api/api';
import { roleAtLeast } from '../../../domain/role';
import { isSettled, useCancelImport, useImport, useImportPreview, useStartImport, type ImportPreview } from '../../api/imports';
import { PageHeader } from '../../components/PageHeader';
import { showApiError } from '../../components/formErrors';
import { useSession } from '../../components/RequireAuth';
import { ImportCounts, ImportErrors, ImportPanel, ImportProgressBar } from './ImportPanel';
import { MappingStep, type MappingState } from './MappingStep';
import { UploadStep } from './UploadStep';

type Step = 'upload' | 'map' | 'check' | 'run';
const steps: { key: Step; label: string; description: string }[] = [
  { key: 'upload', label: 'Upload', description: 'CSV, TSV or Excel' },
  { key: 'map', label: 'Map columns', description: 'Fields and options' },
  { key: 'check', label: 'Check', description: 'A dry run' },
  { key: 'run', label: 'Import', description: 'Progress and undo' },
];

/**
 * The import wizard: upload → map columns → check (a dry run that writes nothing) → import with
 * live progress, cancel and undo. The step and the import it works on live in the URL, so a reload
 * (or the history's link) comes back to the same place.
 */
export function ImportWizardPage() {
  const phone = useMediaQuery('(max-width: 36em)');
  const [params, setParams] = useSearchParams();
  const id = params.get('id');
  const step: Step = id ? ((params.get('step') as Step | null) ?? 'map') : 'upload';
  const go = (next: Step, nextId: string | null) => setParams(nextId ? { id: nextId, step: next } : {});

  // The preview of the file in hand: from the upload, or fetched again after a reload.
  const [uploaded, setUploaded] = useState<ImportPreview | null>(null);
  const inHand = uploaded && uploaded.import.id === id ? uploaded : null;
  // Back from a check, the check's own preview (the same file) carries its mapping; the choices in memory stay.
  const fetched = useImportPreview(step === 'map' && id && !inHand ? id : null);
  const preview = inHand ?? fetched.data ?? null;
  const [mapState, setMapState] = useState<MappingState | null>(null);
  if (preview && !mapState) {
    const imp = preview.import;
    setMapState({ mapping: imp.mapping ?? preview.suggestedMapping, transforms: {}, mode: imp.mode ?? 'create', matchOn: imp.matchOn ?? 'email' });
  }

  const start = useStartImport();
  const cancel = useCancelImport();
  const canWrite = roleAtLeast(useSession().role, 'member');
  const current = useImport(step === 'check' || step === 'run' ? id : null);
  const imp = current.data;

  const restart = () => {
    setUploaded(null);
    setMapState(null);
    go('upload', null);
  };

  const run = (dryRun: boolean, fromId: string) => {
    if (!mapState) return;
    start.mutate(
      { id: fromId, body: { ...mapState, dryRun } },
      {
        onSuccess: (r) => go(dryRun ? 'check' : 'run', r.id),
        onError: (e) => showApiError(e, undefined, dryRun ? 'Could not check the file' : 'Could not start the import'),
      },
    );
  };

  // A finished import completes the last step too.
  const active = step === 'run' && imp && isSettled(imp.status) ? steps.length : steps.findIndex((s) => s.key === step);
  const shownStep = steps[Math.min(active, steps.length - 1)]!;
  return (
    <>
      <PageHeader
        title="Import clients"
        description="Bring your clients from a spreadsheet or another CRM. Nothing is written until you import for real, and an import can be undone."
        action={
          <Button component={Link} to="/imports" variant="default" leftSection={<IconHistory size={16} />}>
            Import history
          </Button>
        }
      />
      <Stepper active={active} size="sm" mb="lg" allowNextStepsSelect={false} aria-label="Import steps">
        {steps.map((s) => (
          <Stepper.Step key={s.key} label={phone ? undefined : s.label} description={phone ? undefined : s.description} aria-label={s.label} />
        ))}
      </Stepper>
      {phone && (
        <Text size="sm" fw={600} mb="sm">
          Step {Math.min(active + 1, steps.length)} of {steps.length}: {shownStep.label}
        </Text>
      )}

      {step === 'upload' && !canWrite && (
        <Alert color="gray" title="Importing needs the member role">
          You can see the import history; ask an admin of this workspace to import clients or to change your role.
        </Alert>
      )}

      {step === 'upload' && canWrite && (
        <UploadStep
          onUploaded={(p) => {
            setUploaded(p);
            setMapState(null);
            go('map', p.import.id);
          }}
        />
      )}

      {step === 'map' &&
        (preview && mapState ? (
          <MappingStep
            preview={preview}
            value={mapState}
            onChange={setMapState}
            onBack={restart}
            onCheck={() => run(true, id!)}
            checking={start.isPending}
          />
        ) : fetched.isError ? (
          <Gone error={fetched.error} />
        ) : (
          <Center py="xl" role="status" aria-label="Loading the file">
            <Loader />
          </Center>
        ))}

      {step === 'check' &&
        (imp ? (
          <Stack gap="md">
            <Title order={2} size="h4">
              {isSettled(imp.status) ? (imp.status === 'completed' ? 'What the import would do' : 'The check did not finish') : 'Checking every row…'}
            </Title>
            {!isSettled(imp.status) && (
              <>
                <ImportProgressBar imp={imp} />
                <Group>
                  <Button size="xs" variant="default" onClick={() => cancel.mutate(imp.id, { onError: (e) => showApiError(e, undefined, 'Could not stop the check') })} loading={cancel.isPending}>
                    Stop the check
                  </Button>
                </Group>
              </>
            )}
            {imp.status === 'failed' && (
              <Alert color="red" role="alert">
                {imp.error ?? 'The file could not be read to the end.'}
              </Alert>
            )}
            {imp.status === 'cancelled' && (
              <Alert color="orange" role="status">
                The check was stopped after {imp.processedRows} rows. To check the file again, upload it again.
              </Alert>
            )}
            {imp.status === 'completed' && (
              <Text size="sm" c="dimmed">
                Nothing was written. {imp.failed ? 'Rejected rows are left out of the import; download them to fix and import them later, or change the mapping.' : 'Every row can be imported.'}
              </Text>
            )}
            <ImportCounts imp={imp} />
            <ImportErrors imp={imp} />
            <Group justify="space-between" gap="xs" wrap="wrap">
              {imp.status === 'completed' || !isSettled(imp.status) ? (
                <Button variant="default" leftSection={<IconArrowLeft size={16} />} disabled={!isSettled(imp.status)} onClick={() => go('map', imp.id)}>
                  Change the mapping
                </Button>
              ) : (
                // Only a finished check can be started again; a stopped or failed one needs the file again.
                <Button variant="default" leftSection={<IconArrowLeft size={16} />} onClick={restart}>
                  Upload the file again
                </Button>
              )}
              <Button
                leftSection={<IconDatabaseImport size={16} />}
                disabled={imp.status !== 'completed' || imp.created + imp.updated === 0 || !mapState}
                loading={start.isPending}
                onClick={() => run(false, imp.id)}
              >
                Import for real
              </Button>
            </Group>
            {imp.status === 'completed' && !mapState && (
              <Text size="xs" c="dimmed">
                Open the mapping to review the choices (column options are not kept with a check), then check again to import.
              </Text>
            )}
          </Stack>
        ) : current.isError ? (
          <Gone error={current.error} />
        ) : (
          <Center py="xl" role="status" aria-label="Loading the check">
            <Loader />
          </Center>
        ))}

      {step === 'run' &&
        (imp ? (
          <Stack gap="md">
            <ImportPanel imp={imp} />
            {isSettled(imp.status) && (
              <Group>
                <Button variant="subtle" leftSection={<IconDatabaseImport size={16} />} onClick={restart}>
                  Import another file
                </Button>
              </Group>
            )}
          </Stack>
        ) : current.isError ? (
          <Gone error={current.error} />
        ) : (
          <Center py="xl" role="status" aria-label="Loading the import">
            <Loader />
          </Center>
        ))}
    </>
  );
}

function Gone({ error }: { error: unknown }) {
  return (
    <Alert color="orange" title={isApiError(error, 404) ? 'This import is not in this workspace' : 'The import could not be loaded'}>
      <Stack gap="xs" align="flex-start">
        <Text size="sm">{isApiError(error, 404) ? 'It may belong to another workspace, or the link is wrong.' : isApiError(error) ? error.detail : 'Try again in a moment.'}</Text>
        <Button component={Link} to="/imports/new" size="xs">
          Start a new import
        </Button>
      </Stack>
    </Alert>
  );
}
