import { App, Alert, Button, Form, Input, Modal, Space } from 'antd';
import { useState } from 'react';
import { errorMessage } from '../../api/client.ts';
import { messages } from '../../i18n/zh-CN.ts';
import { formatDateTime } from '../../shared/format.ts';
import { UnlockDecision } from '../review/unlock-requests.tsx';
import { requestUnlock, type ReportView, type UnlockRequest } from './reports.api.ts';

const t = {
  request: '申请解锁',
  requestTitle: '申请解锁已通过的报表',
  requestHint: '解锁需发文单位批准；批准后报表退回给本单位修改，修改后重新提交审核',
  reason: '申请原因',
  reasonRequired: '请填写申请原因',
  requested: '已提交解锁申请，等待发文单位审批',
  pending: (u: UnlockRequest) => `${u.requestedByName} 于 ${formatDateTime(u.createdAt)} 申请解锁：${u.reason}`,
  pendingTitle: '解锁申请待审批',
  rejectedTitle: '解锁申请已被驳回',
  rejected: (u: UnlockRequest) =>
    `${u.decidedByName ?? '发文单位'}${u.decidedAt ? ` 于 ${formatDateTime(u.decidedAt)}` : ''} 驳回：${u.decisionNote ?? ''}`,
};

/** On an accepted (locked) report: the unit asks to reopen it; the issuer sees the pending request and decides. */
export function UnlockPanel({
  report,
  onChanged,
  onReload,
}: {
  report: ReportView;
  onChanged: (r: ReportView) => void;
  onReload: () => void;
}) {
  const { message } = App.useApp();
  const [open, setOpen] = useState(false);
  const [busy, setBusy] = useState(false);
  const [form] = Form.useForm<{ reason: string }>();
  if (report.status !== 'accepted' || report.id === null) return null;
  const u = report.unlock;

  async function send(): Promise<void> {
    const { reason } = await form.validateFields();
    setBusy(true);
    try {
      onChanged(await requestUnlock(report.id as number, reason.trim()));
      setOpen(false);
      message.success(t.requested);
    } catch (e) {
      message.error(errorMessage(e));
    } finally {
      setBusy(false);
    }
  }

  return (
    <Space orientation="vertical" style={{ width: '100%' }} data-testid="unlock-panel">
      {u?.status === 'pending' && (
        <Alert
          type="warning"
          showIcon
          title={t.pendingTitle}
          description={t.pending(u)}
          action={report.can.decide_unlock ? <UnlockDecision request={u} onDone={onReload} /> : undefined}
        />
      )}
      {u?.status === 'rejected' && <Alert type="info" showIcon title={t.rejectedTitle} description={t.rejected(u)} />}
      {report.can.request_unlock && (
        <Button
          onClick={() => {
            setOpen(true);
          }}
          data-testid="request-unlock"
        >
          {t.request}
        </Button>
      )}
      <Modal
        open={open}
        title={t.requestTitle}
        okText={t.request}
        okButtonProps={{ loading: busy }}
        cancelText={messages.common.cancel}
        onOk={() => {
          send().catch(() => undefined);
        }}
        onCancel={() => {
          setOpen(false);
        }}
        destroyOnHidden
      >
        <Form form={form} layout="vertical" preserve={false}>
          <Form.Item
            name="reason"
            label={t.reason}
            extra={t.requestHint}
            rules={[{ required: true, whitespace: true, message: t.reasonRequired }]}
          >
            <Input.TextArea rows={4} maxLength={1000} showCount autoFocus />
          </Form.Item>
        </Form>
      </Modal>
    </Space>
  );
}
