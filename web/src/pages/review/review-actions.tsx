import { App, Button, Form, Input, Modal, Popconfirm, Space } from 'antd';
import { useState } from 'react';
import { errorMessage } from '../../api/client.ts';
import { messages } from '../../i18n/zh-CN.ts';
import { acceptReport, returnReport, type ReportView } from '../reports/reports.api.ts';

const t = messages.reporting.review;

/** The issuer's decision on a submitted report: return it with a reason, or accept it (which locks it). */
export function ReviewActions({ report, onDone }: { report: ReportView; onDone: (r: ReportView) => void }) {
  const { message } = App.useApp();
  const [open, setOpen] = useState(false);
  const [busy, setBusy] = useState(false);
  const [form] = Form.useForm<{ reason: string }>();
  const id = report.id;
  if (id === null) return null;

  async function doReturn(): Promise<void> {
    const { reason } = await form.validateFields();
    setBusy(true);
    try {
      const r = await returnReport(id as number, report.version, reason.trim());
      setOpen(false);
      form.resetFields();
      onDone(r);
      message.success(t.returned);
    } catch (e) {
      message.error(errorMessage(e));
    } finally {
      setBusy(false);
    }
  }

  async function doAccept(): Promise<void> {
    try {
      onDone(await acceptReport(id as number, report.version));
      message.success(t.accepted);
    } catch (e) {
      message.error(errorMessage(e));
    }
  }

  return (
    <Space wrap data-testid="review-actions">
      {report.can.return && <Button danger onClick={() => { setOpen(true); }}>{t.returnAction}</Button>}
      {report.can.accept && (
        <Popconfirm title={t.acceptConfirm} okText={t.accept} cancelText={messages.common.cancel} onConfirm={() => doAccept()}>
          <Button type="primary">{t.accept}</Button>
        </Popconfirm>
      )}
      <Modal open={open} title={t.returnTitle} okText={t.returnAction} okButtonProps={{ danger: true, loading: busy }} cancelText={messages.common.cancel}
        onOk={() => { doReturn().catch(() => undefined); }} onCancel={() => { setOpen(false); }} destroyOnHidden>
        <Form form={form} layout="vertical" preserve={false}>
          <Form.Item name="reason" label={t.returnReason} extra={t.returnReasonHint} rules={[{ required: true, whitespace: true, message: t.returnReasonRequired }]}>
            <Input.TextArea rows={4} maxLength={1000} showCount autoFocus />
          </Form.Item>
        </Form>
      </Modal>
    </Space>
  );
}
