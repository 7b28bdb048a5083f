import { EyeOutlined } from '@ant-design/icons';
import { useQuery } from '@tanstack/react-query';
import { Button, Modal, Select, Space, Spin, Tag } from 'antd';
import { useState } from 'react';
import { getFormDefinition, listForms, noticeKeys } from '../../api/notices.api.ts';
import { messages } from '../../i18n/zh-CN.ts';
import { StatsTable } from '../reports/stats-table.tsx';

const t = messages.noticeForm;

/** The statistics table a notice carries: a choice among the tables on offer, with a preview as printed. */
export function FormPicker({
  value,
  onChange,
  campaignId,
  disabled,
}: {
  value?: string | null;
  onChange?: (code: string | null) => void;
  campaignId: number | undefined;
  disabled?: boolean;
}) {
  const [preview, setPreview] = useState(false);
  const choices = useQuery({ queryKey: noticeKeys.forms(campaignId), queryFn: () => listForms(campaignId) });
  const definition = useQuery({
    queryKey: noticeKeys.form(value ?? ''),
    queryFn: () => getFormDefinition(value ?? ''),
    enabled: preview && !!value,
  });
  return (
    <Space.Compact style={{ width: '100%', maxWidth: 640 }}>
      <Select
        aria-label={t.form}
        value={value ?? undefined}
        onChange={(v: string) => onChange?.(v)}
        loading={choices.isLoading}
        disabled={disabled}
        placeholder={t.formRequired}
        options={(choices.data?.items ?? []).map((f) => ({
          value: f.code,
          label: (
            <span>
              {t.formOption(f.name, f.version, f.indicators)} {f.builtin && <Tag>{t.formBuiltin}</Tag>}
            </span>
          ),
        }))}
        style={{ flex: 1 }}
        data-testid="form-picker"
      />
      <Button icon={<EyeOutlined />} disabled={!value} onClick={() => setPreview(true)}>
        {t.formPreview}
      </Button>
      <Modal
        open={preview}
        title={t.formPreviewTitle(definition.data?.title ?? '')}
        width={960}
        footer={null}
        onCancel={() => setPreview(false)}
        destroyOnHidden
      >
        {definition.data ? (
          <StatsTable form={definition.data} texts={definition.data.indicators.map(() => '')} readOnly />
        ) : (
          <Spin />
        )}
      </Modal>
    </Space.Compact>
  );
}

/** The table to preselect: the parent's, else what the server suggests for the campaign. */
export function useSuggestedForm(campaignId: number | undefined): string | null {
  const choices = useQuery({ queryKey: noticeKeys.forms(campaignId), queryFn: () => listForms(campaignId) });
  return choices.data?.suggested ?? null;
}
