import { useMutation, useQueryClient } from '@tanstack/react-query';
import { Alert, App, Form, Input, InputNumber, Modal, Typography } from 'antd';
import { useState } from 'react';
import { errorMessage } from '../../api/client.ts';
import { cloneCampaign, noticeKeys, type CampaignView } from '../../api/notices.api.ts';
import { messages } from '../../i18n/zh-CN.ts';

const t = messages.campaigns;

interface Values {
  year: number;
  name: string;
}

/** The source's name with its year moved on: 2024年全国“质量月” → 2025年全国“质量月”. */
export function nextYearName(c: CampaignView, year: number): string {
  return c.name.includes(String(c.year)) ? c.name.replaceAll(String(c.year), String(year)) : `${year}年${c.name}`;
}

/** Copies a campaign into a new year with its recipients and notice skeletons. */
export function CampaignCloneModal({ source, onClose }: { source: CampaignView; onClose: () => void }) {
  const [form] = Form.useForm<Values>();
  const { message } = App.useApp();
  const client = useQueryClient();
  const [error, setError] = useState<string | null>(null);
  const clone = useMutation({
    mutationFn: (v: Values) => cloneCampaign(source.id, v.year, v.name.trim()),
    onSuccess: async (res) => {
      message.success(t.cloned(res.campaign.name, res.notices));
      await client.invalidateQueries({ queryKey: noticeKeys.campaigns });
      await client.invalidateQueries({ queryKey: noticeKeys.all });
      onClose();
    },
    onError: (e) => {
      setError(errorMessage(e));
    },
  });
  const year = source.year + 1;
  return (
    <Modal
      open
      title={t.cloneTitle(source.name)}
      onCancel={onClose}
      onOk={() => form.submit()}
      okText={t.clone}
      cancelText={messages.common.cancel}
      confirmLoading={clone.isPending}
      destroyOnHidden
    >
      <Typography.Paragraph type="secondary">{t.cloneHint}</Typography.Paragraph>
      {error && (
        <Alert type="error" showIcon title={error} style={{ marginBottom: 12 }} data-testid="campaign-clone-error" />
      )}
      <Form
        form={form}
        layout="vertical"
        initialValues={{ year, name: nextYearName(source, year) }}
        onFinish={(v) => {
          setError(null);
          clone.mutate(v);
        }}
        // The name follows the year until the user edits it.
        onValuesChange={(changed: Partial<Values>, all: Values) => {
          if (changed.year !== undefined && !form.isFieldTouched('name'))
            form.setFieldValue('name', nextYearName(source, all.year));
        }}
      >
        <Form.Item name="year" label={t.year} rules={[{ required: true }]}>
          <InputNumber min={2000} max={2100} precision={0} style={{ width: 120 }} />
        </Form.Item>
        <Form.Item name="name" label={t.name} rules={[{ required: true, whitespace: true, message: t.nameRequired }]}>
          <Input maxLength={100} />
        </Form.Item>
      </Form>
    </Modal>
  );
}
