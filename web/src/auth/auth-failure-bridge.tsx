import { App } from 'antd';
import { useEffect } from 'react';
import { useLocation, useNavigate } from 'react-router';
import { setAuthFailureHandlers } from '../api/client.ts';
import { messages } from '../i18n/zh-CN.ts';

/** Connects the API client's 401/403 handling to the router. */
export function AuthFailureBridge() {
  const navigate = useNavigate();
  const location = useLocation();
  const { message } = App.useApp();

  useEffect(() => {
    setAuthFailureHandlers({
      onSessionLost: () => {
        if (location.pathname === '/login') return;
        const next = location.pathname + location.search;
        message.warning({ content: messages.auth.sessionExpired, key: 'session-lost' });
        // The login page forgets the dead session once it is shown (expired=1); clearing it here would let the
        // protected page redirect first and lose the flag.
        void navigate(`/login?next=${encodeURIComponent(next)}&expired=1`, { replace: true });
      },
      onPasswordChangeRequired: () => {
        void navigate('/change-password', { replace: true });
      },
    });
    return () => setAuthFailureHandlers(null);
  }, [navigate, location, message]);

  return null;
}
