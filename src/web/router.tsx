import { createBrowserRouter, Navigate } from 'react-router';
import { AppLayout } from './components/AppLayout';
import { RequireAuth } from './components/RequireAuth';
import { ApiKeysPage } from './routes/ApiKeysPage';
import { AuditPage } from './routes/AuditPage';
import { HomePage } from './routes/HomePage';
import { InvitePage } from './routes/InvitePage';
import { LoginPage } from './routes/LoginPage';
import { NotFoundPage } from './routes/NotFoundPage';
import { ProfilePage } from './routes/ProfilePage';
import { SetupPage } from './routes/SetupPage';
import { TeamPage } from './routes/TeamPage';

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
      { path: 'settings', element: <Navigate to="/settings/team" replace /> },
      { path: 'settings/team', element: <TeamPage /> },
      { path: 'settings/api-keys', element: <ApiKeysPage /> },
      { path: 'settings/audit', element: <AuditPage /> },
      { path: 'profile', element: <ProfilePage /> },
      { path: '*', element: <NotFoundPage /> },
    ],
  },
]);
