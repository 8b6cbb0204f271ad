import { createBrowserRouter, Navigate } from 'react-router';
import { AppLayout } from './components/AppLayout';
import { RequireAuth } from './components/RequireAuth';
import { ApiKeysPage } from './routes/ApiKeysPage';
import { AuditPage } from './routes/AuditPage';
import { ClientDetailPage } from './routes/clients/ClientDetailPage';
import { ClientNewPage } from './routes/clients/ClientNewPage';
import { ClientsPage } from './routes/clients/ClientsPage';
import { ClientTrashPage } from './routes/clients/ClientTrashPage';
import { ClientSettingsPage } from './routes/settings/ClientSettingsPage';
import { CustomFieldsPage } from './routes/settings/CustomFieldsPage';
import { DirectoryPage } from './routes/settings/DirectoryPage';
import { TagsPage } from './routes/settings/TagsPage';
import { HomePage } from './routes/HomePage';
import { InvitePage } from './routes/InvitePage';
import { LoginPage } from './routes/LoginPage';
import { NotFoundPage } from './routes/NotFoundPage';
import { ProfilePage } from './routes/ProfilePage';
import { SetupPage } from './routes/SetupPage';
import { TeamPage } from './routes/TeamPage';
import { MyTasksPage } from './routes/tasks/MyTasksPage';
import { ActivitySettingsPage } from './routes/settings/ActivitySettingsPage';
import { DocumentSettingsPage } from './routes/settings/DocumentSettingsPage';
import { LoyaltySettingsPage } from './routes/settings/LoyaltySettingsPage';
import { OrderSettingsPage } from './routes/settings/OrderSettingsPage';

export const router = createBrowserRouter([
  { path: '/setup', element: <SetupPage /> },
  { path: '/login', element: <LoginPage /> },
  { path: '/invite/:token', element: <InvitePage /> },
  {
    element: (
      <RequireAuth>
        <AppLayout />
      </RequireAuth>
    ),
    children: [
      { index: true, element: <HomePage /> },
      { path: 'clients', element: <ClientsPage /> },
      { path: 'clients/new', element: <ClientNewPage /> },
      { path: 'clients/trash', element: <ClientTrashPage /> },
      { path: 'clients/:id', element: <ClientDetailPage /> },
      { path: 'settings', element: <Navigate to="/settings/team" replace /> },
      { path: 'settings/team', element: <TeamPage /> },
      { path: 'settings/api-keys', element: <ApiKeysPage /> },
      { path: 'settings/audit', element: <AuditPage /> },
      { path: 'settings/tags', element: <TagsPage /> },
      { path: 'settings/custom-fields', element: <CustomFieldsPage /> },
      { path: 'settings/clients', element: <ClientSettingsPage /> },
      { path: 'settings/directory', element: <DirectoryPage /> },
      { path: 'tasks', element: <MyTasksPage /> },
      { path: 'settings/activity', element: <ActivitySettingsPage /> },
      { path: 'settings/orders', element: <OrderSettingsPage /> },
      { path: 'settings/documents', element: <DocumentSettingsPage /> },
      { path: 'settings/loyalty', element: <LoyaltySettingsPage /> },
      { path: 'profile', element: <ProfilePage /> },
      { path: '*', element: <NotFoundPage /> },
    ],
  },
]);
