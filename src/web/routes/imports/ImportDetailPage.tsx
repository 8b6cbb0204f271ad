import { Alert, Anchor, Button, Center, Loader, Stack, Text } from '@mantine/core';
import { Link, Navigate, useParams } from 'react-router';
import { isApiError } from '../../api/api';
import { useImport } from '../../api/imports';
import { useTeam } from '../../api/team';
import { formatDateTime } from '../../components/format';
import { PageHeader } from '../../components/PageHeader';
import { ImportPanel } from './ImportPanel';
import { fileSize } from './importWords';

/** One import from the history: its progress while it runs, then its counts, rejected rows and undo. */
export function ImportDetailPage() {
  const { id = '' } = useParams();
  const query = useImport(id);
  const team = useTeam();
  const imp = query.data;
  if (query.isError) {
    return (
      <>
        <PageHeader title="Import" />
        <Alert color="orange" title={isApiError(query.error, 404) ? 'This import is not in this workspace' : 'The import could not be loaded'}>
          <Stack gap="xs" align="flex-start">
            <Text size="sm">{isApiError(query.error, 404) ? 'It may belong to another workspace, or the link is wrong.' : 'Try again in a moment.'}</Text>
            <Button component={Link} to="/imports" size="xs">
              Import history
            </Button>
          </Stack>
        </Alert>
      </>
    );
  }
  if (!imp) {
    return (
      <Center py="xl" role="status" aria-label="Loading the import">
        <Loader />
      </Center>
    );
  }
  // Drafts and checks belong to the wizard, where they can go on.
  if (imp.status === 'draft' || imp.dryRun) return <Navigate to={`/imports/new?id=${imp.id}&step=${imp.status === 'draft' ? 'map' : 'check'}`} replace />;
  const by = imp.createdBy ? (team.data?.data.find((m) => m.id === imp.createdBy)?.name ?? 'a former member') : 'the API';
  return (
    <>
      <PageHeader
        title={`Import of ${imp.fileName}`}
        description={`${fileSize(imp.fileSize)} · started by ${by} on ${formatDateTime(imp.startedAt ?? imp.createdAt)}${imp.finishedAt ? ` · finished ${formatDateTime(imp.finishedAt)}` : ''}`}
        action={
          <Anchor component={Link} to="/imports" size="sm">
            All imports
          </Anchor>
        }
      />
      <ImportPanel imp={imp} />
    </>
  );
}
