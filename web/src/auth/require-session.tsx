import type { ReactNode } from 'react';
import { Navigate, useLocation } from 'react-router';
import { Result } from 'antd';
import { errorMessage } from '../api/client.ts';
import { PageSpinner } from '../shared/lazy-page.tsx';
import { useSessionQuery } from './use-session.ts';

/** Sends visitors without a session to /login, and users with a pending password change to /change-password. */
export function RequireSession({
  children,
  allowPasswordChange = false,
}: {
  children: ReactNode;
  allowPasswordChange?: boolean;
}) {
  const { data, isPending, error } = useSessionQuery();
  const location = useLocation();
  if (isPending) return <PageSpinner />;
  if (error) return <Result status="error" title={errorMessage(error)} />;
  if (!data) return <Navigate to={`/login?next=${encodeURIComponent(location.pathname + location.search)}`} replace />;
  if (data.mustChangePassword && !allowPasswordChange) return <Navigate to="/change-password" replace />;
  return <>{children}</>;
}
