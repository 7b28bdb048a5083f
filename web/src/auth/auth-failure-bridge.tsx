import { App } from 'antd';
import { useEffect } from 'react';
import { useLocation, useNavigate } from 'react-router';
import { setAuthFailureHandlers } from '../api/client.ts';
import { messages } from '../i18n/zh-CN.ts';
import { useSetSession } from './use-session.ts';

/** Connects the API client's 401/403 handling to the router. */
export function AuthFailureBridge() {
  const navigate = useNavigate();
  const location = useLocation();
  const setSession = useSetSession();
  const { message } = App.useApp();

  useEffect(() => {
    setAuthFailureHandlers({
      onSessionLost: () => {
        if (location.pathname === '/login') return;
        const next = location.pathname + location.search;
        setSession(null);
        message.warning({ content: messages.auth.sessionExpired, key: 'session-lost' });
        void navigate(`/login?next=${encodeURIComponent(next)}&expired=1`, { replace: true });
      },
      onPasswordChangeRequired: () => { void navigate('/change-password', { replace: true }); },
    });
    return () => setAuthFailureHandlers(null);
  }, [navigate, location, setSession, message]);

  return null;
}
