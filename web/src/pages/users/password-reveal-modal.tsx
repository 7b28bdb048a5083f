import { CopyOutlined } from '@ant-design/icons';
import { App, Button, Input, Modal, Space, Typography } from 'antd';
import { messages } from '../../i18n/zh-CN.ts';

interface Props {
  title: string;
  text: string;
  password: string;
  onClose: () => void;
}

/** Shows a one-time password once, with a copy button. */
export function PasswordRevealModal({ title, text, password, onClose }: Props) {
  const { message } = App.useApp();

  async function copy() {
    try {
      await navigator.clipboard.writeText(password);
      message.success(messages.common.copied);
    } catch {
      message.warning(messages.common.copyFailed);
    }
  }

  return (
    <Modal
      open
      title={title}
      onCancel={onClose}
      footer={
        <Button type="primary" onClick={onClose}>
          {messages.users.passwordNoted}
        </Button>
      }
    >
      <Typography.Paragraph>{text}</Typography.Paragraph>
      <Space.Compact style={{ width: '100%' }}>
        <Input
          readOnly
          value={password}
          data-testid="one-time-password"
          style={{ fontFamily: 'monospace' }}
          onFocus={(e) => e.target.select()}
        />
        <Button
          icon={<CopyOutlined />}
          onClick={() => {
            void copy();
          }}
        >
          {messages.common.copy}
        </Button>
      </Space.Compact>
    </Modal>
  );
}
