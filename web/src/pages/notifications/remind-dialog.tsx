import { useQueryClient } from '@tanstack/react-query';
import { App, Form, Input, Modal, Typography } from 'antd';
import { useState } from 'react';
import { errorMessage } from '../../api/client.ts';
import { notificationKeys, remindUnits } from '../../api/notifications.api.ts';
import { messages } from '../../i18n/zh-CN.ts';

/** Who a 催报 goes to: named units, or (all) every unit that has not reported. */
export interface RemindTarget {
  noticeId: number;
  deadline: string | null;
  units: { unitId: number; unitName: string }[] | 'all';
  pendingCount: number;
}

const defaultMessage = (deadline: string | null): string =>
  `请抓紧完成本次质量月活动材料的填报并提交${deadline ? `，截止日期为 ${deadline}` : ''}。如已报送请忽略。`;

/** The 催报 dialog: the issuer's own words, sent in the app and by e-mail. */
export function RemindDialog({ target, onClose }: { target: RemindTarget | null; onClose: () => void }) {
  const { message } = App.useApp();
  const queryClient = useQueryClient();
  const [busy, setBusy] = useState(false);
  const [form] = Form.useForm<{ message: string }>();
  if (!target) return null;
  const who =
    target.units === 'all'
      ? `全部未报单位（${target.pendingCount} 个）`
      : target.units.map((u) => u.unitName).join('、');

  async function send(t: RemindTarget): Promise<void> {
    const { message: text } = await form.validateFields();
    setBusy(true);
    try {
      const r = await remindUnits(
        t.noticeId,
        text.trim(),
        t.units === 'all' ? undefined : t.units.map((u) => u.unitId),
      );
      if (r.units === 0) message.info('没有需要催报的单位：都已报送。');
      else
        message.success(
          `已向 ${r.units} 个单位发出催报（站内通知 ${r.units} 条，邮件 ${r.emails} 封${r.unitsWithoutEmail ? `；${r.unitsWithoutEmail} 个单位未登记邮箱，仅站内通知` : ''}）`,
        );
      void queryClient.invalidateQueries({ queryKey: notificationKeys.all });
      onClose();
    } catch (e) {
      message.error(errorMessage(e));
    } finally {
      setBusy(false);
    }
  }

  return (
    <Modal
      open
      title="催报"
      okText="发送催报"
      cancelText={messages.common.cancel}
      okButtonProps={{ loading: busy }}
      onOk={() => {
        send(target).catch(() => undefined);
      }}
      onCancel={onClose}
      destroyOnHidden
      data-testid="remind-dialog"
    >
      <Typography.Paragraph>
        发送给：<Typography.Text strong>{who}</Typography.Text>
      </Typography.Paragraph>
      <Typography.Paragraph type="secondary">
        各单位会收到站内消息；登记了邮箱的填报人、管理员和单位联系邮箱同时收到邮件。
      </Typography.Paragraph>
      <Form form={form} layout="vertical" preserve={false} initialValues={{ message: defaultMessage(target.deadline) }}>
        <Form.Item
          name="message"
          label="催报内容"
          rules={[{ required: true, whitespace: true, message: '请填写催报内容' }]}
        >
          <Input.TextArea rows={4} maxLength={1000} showCount autoFocus />
        </Form.Item>
      </Form>
    </Modal>
  );
}
