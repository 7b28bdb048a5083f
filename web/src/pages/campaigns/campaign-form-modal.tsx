import { useMutation, useQueryClient } from '@tanstack/react-query';
import { Alert, App, DatePicker, Form, Input, InputNumber, Modal, Space } from 'antd';
import { useState } from 'react';
import { errorMessage } from '../../api/client.ts';
import {
  createCampaign,
  noticeKeys,
  updateCampaign,
  type CampaignInput,
  type CampaignView,
} from '../../api/notices.api.ts';
import { messages } from '../../i18n/zh-CN.ts';
import { DATE_FORMAT, dateItemProps } from '../../shared/date-field.ts';

const t = messages.campaigns;

interface Values {
  year: number;
  name: string;
  theme?: string;
  periodStart: string | null;
  periodEnd: string | null;
  slogans?: string;
}

const toInput = (v: Values): CampaignInput => ({
  year: v.year,
  name: v.name.trim(),
  theme: v.theme?.trim() || null,
  periodStart: v.periodStart ?? null,
  periodEnd: v.periodEnd ?? null,
  slogans: (v.slogans ?? '')
    .split('\n')
    .map((s) => s.trim())
    .filter((s) => s !== ''),
});

interface Props {
  /** The campaign to edit, or null for a new one owned by ownerUnitId. */
  campaign: CampaignView | null;
  ownerUnitId: number;
  onClose: () => void;
}

/** Create or edit a campaign: year, name, theme, period and slogans. */
export function CampaignFormModal({ campaign, ownerUnitId, onClose }: Props) {
  const [form] = Form.useForm<Values>();
  const { message } = App.useApp();
  const client = useQueryClient();
  const [error, setError] = useState<string | null>(null);
  const save = useMutation({
    mutationFn: (v: Values) =>
      campaign ? updateCampaign(campaign.id, campaign.version, toInput(v)) : createCampaign(ownerUnitId, toInput(v)),
    onSuccess: async (c) => {
      message.success(campaign ? t.saved : t.created(c.name));
      await client.invalidateQueries({ queryKey: noticeKeys.campaigns });
      onClose();
    },
    onError: (e) => {
      setError(errorMessage(e));
    },
  });
  const initial: Values = campaign
    ? {
        year: campaign.year,
        name: campaign.name,
        theme: campaign.theme ?? '',
        periodStart: campaign.periodStart,
        periodEnd: campaign.periodEnd,
        slogans: campaign.slogans.join('\n'),
      }
    : { year: new Date().getFullYear(), name: '', theme: '', periodStart: null, periodEnd: null, slogans: '' };

  return (
    <Modal
      open
      title={campaign ? t.editTitle(campaign.name) : t.create}
      onCancel={onClose}
      onOk={() => form.submit()}
      okText={messages.common.save}
      cancelText={messages.common.cancel}
      confirmLoading={save.isPending}
      destroyOnHidden
      width={640}
    >
      {error && (
        <Alert type="error" showIcon title={error} style={{ marginBottom: 12 }} data-testid="campaign-form-error" />
      )}
      <Form
        form={form}
        layout="vertical"
        initialValues={initial}
        onFinish={(v) => {
          setError(null);
          save.mutate(v);
        }}
        data-testid="campaign-form"
      >
        <Space align="start" wrap>
          <Form.Item name="year" label={t.year} rules={[{ required: true }]}>
            <InputNumber min={2000} max={2100} precision={0} style={{ width: 120 }} />
          </Form.Item>
          <Form.Item
            name="name"
            label={t.name}
            rules={[{ required: true, whitespace: true, message: t.nameRequired }]}
            style={{ minWidth: 360 }}
          >
            <Input maxLength={100} placeholder={t.namePlaceholder} />
          </Form.Item>
        </Space>
        <Form.Item name="theme" label={t.theme}>
          <Input maxLength={100} placeholder={t.themePlaceholder} />
        </Form.Item>
        <Space align="start" wrap>
          <Form.Item name="periodStart" label={t.periodStart} {...dateItemProps}>
            <DatePicker format={DATE_FORMAT} />
          </Form.Item>
          <Form.Item
            name="periodEnd"
            label={t.periodEnd}
            {...dateItemProps}
            dependencies={['periodStart']}
            rules={[
              ({ getFieldValue }) => ({
                validator: (_r, v: string | null) => {
                  const start = getFieldValue('periodStart') as string | null;
                  return !v || !start || v >= start ? Promise.resolve() : Promise.reject(new Error(t.periodOrder));
                },
              }),
            ]}
          >
            <DatePicker format={DATE_FORMAT} />
          </Form.Item>
        </Space>
        <Form.Item name="slogans" label={t.slogans} extra={t.slogansHint}>
          <Input.TextArea autoSize={{ minRows: 3, maxRows: 10 }} />
        </Form.Item>
      </Form>
    </Modal>
  );
}
