import { Button, Result } from 'antd';
import { useNavigate } from 'react-router';
import { messages } from '../i18n/zh-CN.ts';

export default function NotFoundPage() {
  const navigate = useNavigate();
  return (
    <Result
      status="404"
      title={messages.notFound.title}
      extra={
        <Button
          type="primary"
          onClick={() => {
            void navigate('/');
          }}
        >
          {messages.notFound.back}
        </Button>
      }
    />
  );
}
