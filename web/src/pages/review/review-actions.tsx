import { DeleteOutlined, PlusOutlined } from '@ant-design/icons';
import { App, Button, Form, Input, Modal, Popconfirm, Select, Space, Typography } from 'antd';
import { useState } from 'react';
import type { FormDefinition } from '../../../../domain/forms/form.ts';
import { errorMessage } from '../../api/client.ts';
import { messages } from '../../i18n/zh-CN.ts';
import { acceptReport, returnReport, type ReportView } from '../reports/reports.api.ts';

const t = messages.reporting.review;
// Page-local labels for the comments on single figures.
const c = {
  figureComments: '单项意见（可选）',
  figureCommentsHint: '对需要核实的单项数据逐条写明意见，填报单位会在对应的格子旁看到',
  add: '添加单项意见',
  indicator: '数据项',
  indicatorRequired: '请选择数据项',
  comment: '意见',
  commentRequired: '请填写意见',
  remove: '删除',
};
const COMMENT_MAX = 200;

interface Values {
  reason: string;
  comments?: { code?: string; text?: string }[];
}

/** The issuer's decision on a submitted report: return it with a reason (and comments on single figures), or accept it (which locks it). */
export function ReviewActions({
  report,
  form: definition,
  onDone,
}: {
  report: ReportView;
  form?: FormDefinition;
  onDone: (r: ReportView) => void;
}) {
  const { message } = App.useApp();
  const [open, setOpen] = useState(false);
  const [busy, setBusy] = useState(false);
  const [form] = Form.useForm<Values>();
  const id = report.id;
  if (id === null) return null;
  const options = (definition?.indicators ?? []).map((ind) => ({
    value: ind.code,
    label: [...ind.group, ind.label].join(' / '),
  }));

  async function doReturn(): Promise<void> {
    const { reason, comments } = await form.validateFields();
    const figureComments = Object.fromEntries(
      (comments ?? []).flatMap((x) => (x.code && x.text?.trim() ? [[x.code, x.text.trim()]] : [])),
    );
    setBusy(true);
    try {
      const r = await returnReport(id as number, report.version, reason.trim(), figureComments);
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
      {report.can.return && (
        <Button
          danger
          onClick={() => {
            setOpen(true);
          }}
        >
          {t.returnAction}
        </Button>
      )}
      {report.can.accept && (
        <Popconfirm
          title={t.acceptConfirm}
          okText={t.accept}
          cancelText={messages.common.cancel}
          onConfirm={() => doAccept()}
        >
          <Button type="primary">{t.accept}</Button>
        </Popconfirm>
      )}
      <Modal
        open={open}
        title={t.returnTitle}
        okText={t.returnAction}
        okButtonProps={{ danger: true, loading: busy }}
        cancelText={messages.common.cancel}
        onOk={() => {
          doReturn().catch(() => undefined);
        }}
        onCancel={() => {
          setOpen(false);
        }}
        destroyOnHidden
        width={640}
      >
        <Form form={form} layout="vertical" preserve={false}>
          <Form.Item
            name="reason"
            label={t.returnReason}
            extra={t.returnReasonHint}
            rules={[{ required: true, whitespace: true, message: t.returnReasonRequired }]}
          >
            <Input.TextArea rows={4} maxLength={1000} showCount autoFocus />
          </Form.Item>
          {options.length > 0 && (
            <>
              <Typography.Text strong>{c.figureComments}</Typography.Text>
              <Typography.Paragraph type="secondary" style={{ marginBottom: 8 }}>
                {c.figureCommentsHint}
              </Typography.Paragraph>
              <Form.List name="comments">
                {(fields, { add, remove }) => (
                  <>
                    {fields.map((field) => (
                      <Space key={field.key} align="start" style={{ display: 'flex' }} data-testid="figure-comment-row">
                        <Form.Item
                          name={[field.name, 'code']}
                          rules={[{ required: true, message: c.indicatorRequired }]}
                          style={{ width: 240 }}
                        >
                          <Select
                            showSearch
                            optionFilterProp="label"
                            placeholder={c.indicator}
                            aria-label={c.indicator}
                            options={options}
                          />
                        </Form.Item>
                        <Form.Item
                          name={[field.name, 'text']}
                          rules={[{ required: true, whitespace: true, message: c.commentRequired }]}
                          style={{ width: 300 }}
                        >
                          <Input placeholder={c.comment} aria-label={c.comment} maxLength={COMMENT_MAX} />
                        </Form.Item>
                        <Button
                          type="text"
                          icon={<DeleteOutlined />}
                          aria-label={c.remove}
                          onClick={() => {
                            remove(field.name);
                          }}
                        />
                      </Space>
                    ))}
                    <Button
                      type="dashed"
                      icon={<PlusOutlined />}
                      onClick={() => {
                        add();
                      }}
                      data-testid="add-figure-comment"
                    >
                      {c.add}
                    </Button>
                  </>
                )}
              </Form.List>
            </>
          )}
        </Form>
      </Modal>
    </Space>
  );
}
