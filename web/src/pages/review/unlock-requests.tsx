import { useQuery, useQueryClient } from '@tanstack/react-query';
import { Alert, App, Button, Card, Empty, Form, Input, Modal, Popconfirm, Space, Table, Tag, Typography } from 'antd';
import type { TableColumnsType } from 'antd';
import { useState } from 'react';
import { Link } from 'react-router';
import { errorMessage } from '../../api/client.ts';
import { messages } from '../../i18n/zh-CN.ts';
import { formatDateTime } from '../../shared/format.ts';
import {
  approveUnlock,
  listUnlockRequests,
  rejectUnlock,
  reportKeys,
  type UnlockRequest,
  type UnlockStatus,
} from '../reports/reports.api.ts';

// Page-local labels: reopening accepted reports.
export const unlockText = {
  title: '解锁申请',
  pendingCount: (n: number) => `${n} 条待审批`,
  empty: '暂无解锁申请。填报单位对已通过的报表申请解锁后会出现在这里。',
  unit: '单位',
  reason: '申请原因',
  requestedBy: '申请人',
  createdAt: '申请时间',
  status: '状态',
  statuses: { pending: '待审批', approved: '已批准', rejected: '已驳回' } as Record<UnlockStatus, string>,
  approve: '批准解锁',
  approveConfirm: '批准后报表退回给填报单位修改并重新提交，审核时会标出改动的数据。确定批准吗？',
  approved: '已批准，报表已退回给填报单位',
  reject: '驳回',
  rejectTitle: '驳回解锁申请',
  rejectNote: '驳回说明',
  rejectNoteRequired: '请填写驳回说明',
  rejected: '已驳回解锁申请',
  note: '处理说明',
  open: '查看报表',
};
const COLORS: Record<UnlockStatus, string> = { pending: 'gold', approved: 'green', rejected: 'red' };

export function UnlockStatusTag({ status }: { status: UnlockStatus }) {
  return <Tag color={COLORS[status]}>{unlockText.statuses[status]}</Tag>;
}

/** Approve or reject one pending request (the issuing office). */
export function UnlockDecision({ request, onDone }: { request: UnlockRequest; onDone: (r: UnlockRequest) => void }) {
  const { message } = App.useApp();
  const [open, setOpen] = useState(false);
  const [busy, setBusy] = useState(false);
  const [form] = Form.useForm<{ note: string }>();

  async function approve(): Promise<void> {
    try {
      onDone(await approveUnlock(request.id));
      message.success(unlockText.approved);
    } catch (e) {
      message.error(errorMessage(e));
    }
  }

  async function reject(): Promise<void> {
    const { note } = await form.validateFields();
    setBusy(true);
    try {
      const r = await rejectUnlock(request.id, note.trim());
      setOpen(false);
      onDone(r);
      message.success(unlockText.rejected);
    } catch (e) {
      message.error(errorMessage(e));
    } finally {
      setBusy(false);
    }
  }

  return (
    <Space wrap data-testid={`unlock-decision-${request.id}`}>
      <Popconfirm
        title={unlockText.approveConfirm}
        okText={unlockText.approve}
        cancelText={messages.common.cancel}
        onConfirm={() => approve()}
      >
        <Button type="primary" size="small">
          {unlockText.approve}
        </Button>
      </Popconfirm>
      <Button
        danger
        size="small"
        onClick={() => {
          setOpen(true);
        }}
      >
        {unlockText.reject}
      </Button>
      <Modal
        open={open}
        title={unlockText.rejectTitle}
        okText={unlockText.reject}
        okButtonProps={{ danger: true, loading: busy }}
        cancelText={messages.common.cancel}
        onOk={() => {
          reject().catch(() => undefined);
        }}
        onCancel={() => {
          setOpen(false);
        }}
        destroyOnHidden
      >
        <Typography.Paragraph type="secondary">{`${request.unitName}：${request.reason}`}</Typography.Paragraph>
        <Form form={form} layout="vertical" preserve={false}>
          <Form.Item
            name="note"
            label={unlockText.rejectNote}
            rules={[{ required: true, whitespace: true, message: unlockText.rejectNoteRequired }]}
          >
            <Input.TextArea rows={3} maxLength={1000} showCount autoFocus />
          </Form.Item>
        </Form>
      </Modal>
    </Space>
  );
}

/** The unlock requests on a notice's reports, pending first, for its issuer. */
export function UnlockRequestsCard({ noticeId }: { noticeId: number }) {
  const client = useQueryClient();
  const q = useQuery({ queryKey: reportKeys.unlocks(noticeId), queryFn: () => listUnlockRequests(noticeId) });
  const rows = q.data ?? [];
  const pending = rows.filter((r) => r.status === 'pending').length;
  const refresh = () => {
    void client.invalidateQueries({ queryKey: reportKeys.all });
  };
  const columns: TableColumnsType<UnlockRequest> = [
    {
      title: unlockText.unit,
      dataIndex: 'unitName',
      width: 220,
      render: (v: string, r) => <Link to={`/notices/${noticeId}/report/${r.unitId}`}>{v}</Link>,
    },
    { title: unlockText.reason, dataIndex: 'reason' },
    { title: unlockText.requestedBy, dataIndex: 'requestedByName', width: 110 },
    { title: unlockText.createdAt, dataIndex: 'createdAt', width: 170, render: (v: string) => formatDateTime(v) },
    {
      title: unlockText.status,
      key: 'status',
      width: 240,
      render: (_v, r) =>
        r.canDecide ? (
          <UnlockDecision request={r} onDone={refresh} />
        ) : (
          <Space orientation="vertical" size={0}>
            <UnlockStatusTag status={r.status} />
            {r.decisionNote && (
              <Typography.Text type="secondary">{`${unlockText.note}：${r.decisionNote}`}</Typography.Text>
            )}
          </Space>
        ),
    },
  ];
  if (!q.isError && rows.length === 0) return null;
  return (
    <Card
      size="small"
      title={
        <Space>
          {unlockText.title}
          {pending > 0 && <Tag color="gold">{unlockText.pendingCount(pending)}</Tag>}
        </Space>
      }
      data-testid="unlock-requests"
    >
      {q.isError && <Alert type="error" showIcon title={errorMessage(q.error)} />}
      <Table<UnlockRequest>
        rowKey="id"
        size="small"
        columns={columns}
        dataSource={rows}
        loading={q.isFetching}
        locale={{ emptyText: <Empty image={Empty.PRESENTED_IMAGE_SIMPLE} description={unlockText.empty} /> }}
        pagination={{ pageSize: 10, hideOnSinglePage: true }}
        scroll={{ x: 800 }}
      />
    </Card>
  );
}
