import { Alert, Button, Center, Loader, Stack, Text } from '@mantine/core';
import { lazy, Suspense, type ComponentType } from 'react';
import { createBrowserRouter, Navigate } from 'react-router';
import { AppLayout } from './components/AppLayout';
import { RequireAuth } from './components/RequireAuth';
import { ClientsPage } from './routes/clients/ClientsPage';
import { LoginPage } from './routes/LoginPage';
import { NotFoundPage } from './routes/NotFoundPage';

/**
 * Pages other than the client list load on first visit, each its own chunk: the first load of
 * /clients fetches the shell and the list only. The layout stays up while a page loads.
 */
const page = <K extends string>(load: () => Promise<Record<K, ComponentType>>, name: K) => {
  // A chunk that is gone means a new version was deployed since this tab loaded: offer a reload.
  const Page: ComponentType = lazy<ComponentType>(() => load().then((m) => ({ default: m[name] as ComponentType }), () => ({ default: NewVersion })));
  return (
    <Suspense fallback={<PageLoader />}>
      <Page />
    </Suspense>
  );
};

function NewVersion() {
  return (
    <Alert color="indigo" title="Rapport was updated" maw={520} mt="md">
      <Stack gap="sm" align="flex-start">
        <Text size="sm">This page belongs to a newer version than the one open in this tab. Reload to continue; nothing you saved is lost.</Text>
        <Button onClick={() => window.location.reload()}>Reload</Button>
      </Stack>
    </Alert>
  );
}

function PageLoader() {
  return (
    <Center py="xl" role="status" aria-label="Loading the page">
      <Loader />
    </Center>
  );
}

export const router = createBrowserRouter([
  { path: '/setup', element: page(() => import('./routes/SetupPage'), 'SetupPage') },
  { path: '/login', element: <LoginPage /> },
  { path: '/invite/:token', element: page(() => import('./routes/InvitePage'), 'InvitePage') },
  {
    element: (
      <RequireAuth>
        <AppLayout />
      </RequireAuth>
    ),
    children: [
      { index: true, element: page(() => import('./routes/HomePage'), 'HomePage') },
      { path: 'clients', element: <ClientsPage /> },
      { path: 'clients/new', element: page(() => import('./routes/clients/ClientNewPage'), 'ClientNewPage') },
      { path: 'clients/trash', element: page(() => import('./routes/clients/ClientTrashPage'), 'ClientTrashPage') },
      { path: 'clients/:id', element: page(() => import('./routes/clients/ClientDetailPage'), 'ClientDetailPage') },
      { path: 'settings', element: <Navigate to="/settings/team" replace /> },
      { path: 'settings/team', element: page(() => import('./routes/TeamPage'), 'TeamPage') },
      { path: 'settings/api-keys', element: page(() => import('./routes/ApiKeysPage'), 'ApiKeysPage') },
      { path: 'settings/audit', element: page(() => import('./routes/AuditPage'), 'AuditPage') },
      { path: 'settings/tags', element: page(() => import('./routes/settings/TagsPage'), 'TagsPage') },
      { path: 'settings/custom-fields', element: page(() => import('./routes/settings/CustomFieldsPage'), 'CustomFieldsPage') },
      { path: 'settings/clients', element: page(() => import('./routes/settings/ClientSettingsPage'), 'ClientSettingsPage') },
      { path: 'settings/directory', element: page(() => import('./routes/settings/DirectoryPage'), 'DirectoryPage') },
      { path: 'tasks', element: page(() => import('./routes/tasks/MyTasksPage'), 'MyTasksPage') },
      { path: 'reports', element: page(() => import('./routes/reports/ReportsPage'), 'ReportsPage') },
      { path: 'settings/activity', element: page(() => import('./routes/settings/ActivitySettingsPage'), 'ActivitySettingsPage') },
      { path: 'settings/orders', element: page(() => import('./routes/settings/OrderSettingsPage'), 'OrderSettingsPage') },
      { path: 'settings/documents', element: page(() => import('./routes/settings/DocumentSettingsPage'), 'DocumentSettingsPage') },
      { path: 'settings/loyalty', element: page(() => import('./routes/settings/LoyaltySettingsPage'), 'LoyaltySettingsPage') },
      { path: 'settings/health', element: page(() => import('./routes/settings/HealthSettingsPage'), 'HealthSettingsPage') },
      { path: 'settings/alerts', element: page(() => import('./routes/settings/AlertRulesPage'), 'AlertRulesPage') },
      { path: 'alerts', element: page(() => import('./routes/alerts/AlertsPage'), 'AlertsPage') },
      { path: 'imports', element: page(() => import('./routes/imports/ImportHistoryPage'), 'ImportHistoryPage') },
      { path: 'imports/new', element: page(() => import('./routes/imports/ImportWizardPage'), 'ImportWizardPage') },
      { path: 'imports/:id', element: page(() => import('./routes/imports/ImportDetailPage'), 'ImportDetailPage') },
      { path: 'duplicates', element: page(() => import('./routes/duplicates/DuplicatesPage'), 'DuplicatesPage') },
      { path: 'duplicates/compare', element: page(() => import('./routes/duplicates/ComparePage'), 'ComparePage') },
      { path: 'duplicates/merges', element: page(() => import('./routes/duplicates/MergeHistoryPage'), 'MergeHistoryPage') },
      { path: 'settings/duplicates', element: page(() => import('./routes/settings/DuplicateSettingsPage'), 'DuplicateSettingsPage') },
      { path: 'profile', element: page(() => import('./routes/ProfilePage'), 'ProfilePage') },
      { path: '*', element: <NotFoundPage /> },
    ],
  },
]);
