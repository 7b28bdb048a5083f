import { Button, Result } from 'antd';
import { messages } from '../i18n/zh-CN.ts';

/** Shown instead of a blank page when a page fails to render (e.g. a chunk missing after a deploy). */
export function RouteError() {
  return (
    <Result
      status="error"
      title={messages.common.pageError}
      extra={
        <Button type="primary" onClick={() => window.location.reload()}>
          {messages.common.reload}
        </Button>
      }
    />
  );
}
