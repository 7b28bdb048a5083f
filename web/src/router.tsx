import { lazy } from 'react';
import { createBrowserRouter, Outlet } from 'react-router';
import { AuthFailureBridge } from './auth/auth-failure-bridge.tsx';
import { RequireSession } from './auth/require-session.tsx';
import { LazyPage } from './shared/lazy-page.tsx';
import { RouteError } from './shared/route-error.tsx';

// Every page is its own chunk.
const LoginPage = lazy(() => import('./pages/login.page.tsx'));
const ChangePasswordPage = lazy(() => import('./pages/change-password.page.tsx'));
const AppLayout = lazy(() => import('./layout/app-layout.tsx'));
const DashboardPage = lazy(() => import('./pages/dashboard.page.tsx'));
const CampaignsPage = lazy(() => import('./pages/campaigns/campaigns.page.tsx'));
const NoticesPage = lazy(() => import('./pages/notices/notices.page.tsx'));
const NoticeDetailPage = lazy(() => import('./pages/notices/notice-detail.page.tsx'));
const NoticeFormPage = lazy(() => import('./pages/notices/notice-form.page.tsx'));
const CascadeTreePage = lazy(() => import('./pages/notices/cascade-tree.page.tsx'));
const NoticeImportPage = lazy(() => import('./pages/notice-import/notice-import.page.tsx'));
const UnitTreePage = lazy(() => import('./pages/units/unit-tree.page.tsx'));
const UsersPage = lazy(() => import('./pages/users/users.page.tsx'));
const AuditPage = lazy(() => import('./pages/audit/audit.page.tsx'));
const MyReportsPage = lazy(() => import('./pages/reports/my-reports.page.tsx'));
const ReportEntryPage = lazy(() => import('./pages/reports/report-entry.page.tsx'));
const ActivitiesPage = lazy(() => import('./pages/reports/activities-page.tsx'));
const ReviewPage = lazy(() => import('./pages/review/review.page.tsx'));
const CompletenessPage = lazy(() => import('./pages/review/completeness.page.tsx'));
const RollupPage = lazy(() => import('./pages/review/rollup.page.tsx'));
const NotificationsPage = lazy(() => import('./pages/notifications/notifications.page.tsx'));
const NotFoundPage = lazy(() => import('./pages/not-found.page.tsx'));
const PublicPage = lazy(() => import('./pages/public/public.page.tsx'));

function Root() {
  return (
    <>
      <AuthFailureBridge />
      <Outlet />
    </>
  );
}

export const router = createBrowserRouter([
  {
    element: <Root />,
    errorElement: <RouteError />,
    children: [
      { path: '/login', element: <LazyPage page={LoginPage} /> },
      // The public side: citizens, no login.
      { path: '/public', element: <LazyPage page={PublicPage} /> },
      {
        path: '/change-password',
        element: (
          <RequireSession allowPasswordChange>
            <LazyPage page={ChangePasswordPage} />
          </RequireSession>
        ),
      },
      {
        element: (
          <RequireSession>
            <LazyPage page={AppLayout} />
          </RequireSession>
        ),
        children: [
          { index: true, element: <LazyPage page={DashboardPage} /> },
          { path: 'campaigns', element: <LazyPage page={CampaignsPage} /> },
          { path: 'notices', element: <LazyPage page={NoticesPage} /> },
          { path: 'notices/new', element: <LazyPage page={NoticeFormPage} /> },
          { path: 'notices/import', element: <LazyPage page={NoticeImportPage} /> },
          { path: 'notices/:id', element: <LazyPage page={NoticeDetailPage} /> },
          { path: 'notices/:id/edit', element: <LazyPage page={NoticeFormPage} /> },
          { path: 'notices/:id/forward', element: <LazyPage page={NoticeFormPage} /> },
          { path: 'notices/:id/tree', element: <LazyPage page={CascadeTreePage} /> },
          { path: 'notices/:id/report/:unitId', element: <LazyPage page={ReportEntryPage} /> },
          { path: 'notices/:id/activities/:unitId', element: <LazyPage page={ActivitiesPage} /> },
          { path: 'notices/:id/reports', element: <LazyPage page={CompletenessPage} /> },
          { path: 'notices/:id/rollup', element: <LazyPage page={RollupPage} /> },
          { path: 'notifications', element: <LazyPage page={NotificationsPage} /> },
          { path: 'reports', element: <LazyPage page={MyReportsPage} /> },
          { path: 'review', element: <LazyPage page={ReviewPage} /> },
          { path: 'units', element: <LazyPage page={UnitTreePage} /> },
          { path: 'users', element: <LazyPage page={UsersPage} /> },
          { path: 'audit', element: <LazyPage page={AuditPage} /> },
          { path: '*', element: <LazyPage page={NotFoundPage} /> },
        ],
      },
    ],
  },
]);
