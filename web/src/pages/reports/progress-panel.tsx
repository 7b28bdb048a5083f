import { PlusOutlined } from '@ant-design/icons';
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import {
  Alert,
  App,
  Button,
  Card,
  DatePicker,
  Descriptions,
  Empty,
  Form,
  Input,
  Modal,
  Popconfirm,
  Space,
  Timeline,
  Typography,
} from 'antd';
import dayjs, { type Dayjs } from 'dayjs';
import { useState } from 'react';
import { ApiError, errorMessage } from '../../api/client.ts';
import { messages } from '../../i18n/zh-CN.ts';
import { fieldOfProblem, NarrativeStaleAlert } from './activities-shared.tsx';
import { narrativeLabels } from './narrative-labels.ts';
import {
  createProgress,
  deleteProgress,
  listProgress,
  narrativeKeys,
  updateProgress,
  type ProgressFields,
  type ProgressReport,
} from './narrative.api.ts';

const t = narrativeLabels.progress;
const DATE = 'YYYY-MM-DD';
const PARTS = ['progress', 'results', 'problems', 'suggestions'] as const;

interface Values {
  reportedOn: Dayjs;
  progress?: string;
  results?: string;
  problems?: string;
  suggestions?: string;
}

/** 进展情况: dated reports, several a month, oldest first. */
export function ProgressPanel({ noticeId, unitId }: { noticeId: number; unitId: number }) {
  const q = useQuery({
    queryKey: narrativeKeys.progress(noticeId, unitId),
    queryFn: () => listProgress(noticeId, unitId),
  });
  const client = useQueryClient();
  const { message } = App.useApp();
  const [editing, setEditing] = useState<ProgressReport | 'new' | null>(null);
  const remove = useMutation({
    mutationFn: (p: ProgressReport) => deleteProgress(p.id, p.version),
    onSuccess: () => {
      message.success(narrativeLabels.removed);
    },
    onError: (e) => {
      message.error(errorMessage(e));
    },
    onSettled: () => client.invalidateQueries({ queryKey: narrativeKeys.progress(noticeId, unitId) }),
  });

  if (q.isError) return <Alert type="error" showIcon title={errorMessage(q.error)} />;
  const data = q.data;
  const editable = data?.can.edit ?? false;
  return (
    <Space orientation="vertical" style={{ width: '100%' }} data-testid="progress-panel">
      {editable && (
        <Button
          type="primary"
          icon={<PlusOutlined />}
          onClick={() => {
            setEditing('new');
          }}
          data-testid="add-progress"
        >
          {narrativeLabels.add.progress}
        </Button>
      )}
      {q.isPending ? null : !data?.items.length ? (
        <Empty image={Empty.PRESENTED_IMAGE_SIMPLE} description={editable ? t.empty : t.emptyReadOnly} />
      ) : (
        <Timeline
          style={{ marginTop: 8 }}
          items={data.items.map((p) => ({
            key: p.id,
            content: (
              <Card
                size="small"
                title={p.reportedOn}
                extra={
                  editable && (
                    <Space>
                      <Button
                        type="link"
                        size="small"
                        onClick={() => {
                          setEditing(p);
                        }}
                      >
                        {narrativeLabels.edit}
                      </Button>
                      <Popconfirm
                        title={narrativeLabels.removeConfirm(`${p.reportedOn} ${t.progress}`)}
                        okText={narrativeLabels.remove}
                        okButtonProps={{ danger: true }}
                        cancelText={messages.common.cancel}
                        onConfirm={() => remove.mutateAsync(p)}
                      >
                        <Button type="link" size="small" danger>
                          {narrativeLabels.remove}
                        </Button>
                      </Popconfirm>
                    </Space>
                  )
                }
              >
                <Descriptions
                  size="small"
                  column={1}
                  items={PARTS.filter((k) => p[k]).map((k) => ({
                    key: k,
                    label: t[k],
                    children: <Typography.Text style={{ whiteSpace: 'pre-wrap' }}>{p[k]}</Typography.Text>,
                  }))}
                />
              </Card>
            ),
          }))}
        />
      )}
      {editing && (
        <ProgressModal
          noticeId={noticeId}
          unitId={unitId}
          report={editing === 'new' ? null : editing}
          onClose={() => {
            setEditing(null);
          }}
        />
      )}
    </Space>
  );
}

function ProgressModal({
  noticeId,
  unitId,
  report,
  onClose,
}: {
  noticeId: number;
  unitId: number;
  report: ProgressReport | null;
  onClose: () => void;
}) {
  const [form] = Form.useForm<Values>();
  const client = useQueryClient();
  const { message } = App.useApp();
  const [banner, setBanner] = useState<ApiError | string | null>(null);
  const save = useMutation({
    mutationFn: (f: ProgressFields) =>
      report ? updateProgress(report.id, report.version, f) : createProgress(noticeId, unitId, f),
    onSettled: () => client.invalidateQueries({ queryKey: narrativeKeys.progress(noticeId, unitId) }),
  });

  async function submit(): Promise<void> {
    const v = await form.validateFields();
    const fields: ProgressFields = {
      reportedOn: v.reportedOn.format(DATE),
      progress: v.progress?.trim() ?? '',
      results: v.results?.trim() ?? '',
      problems: v.problems?.trim() ?? '',
      suggestions: v.suggestions?.trim() ?? '',
    };
    if (!PARTS.some((k) => fields[k])) {
      form.setFields([{ name: 'progress', errors: [t.atLeastOne] }]);
      return;
    }
    setBanner(null);
    try {
      await save.mutateAsync(fields);
      message.success(narrativeLabels.saved);
      onClose();
    } catch (e) {
      const field = fieldOfProblem(e);
      if (field) form.setFields([{ name: field as keyof Values, errors: [errorMessage(e)] }]);
      else setBanner(e instanceof ApiError ? e : errorMessage(e));
    }
  }

  return (
    <Modal
      open
      title={report ? t.editTitle : t.createTitle}
      okText={messages.common.save}
      cancelText={messages.common.cancel}
      confirmLoading={save.isPending}
      width={720}
      onOk={() => {
        submit().catch(() => undefined);
      }}
      onCancel={onClose}
      destroyOnHidden
    >
      <NarrativeStaleAlert
        error={banner}
        onReload={() => {
          void client.invalidateQueries({ queryKey: narrativeKeys.progress(noticeId, unitId) });
          onClose();
        }}
      />
      <Form
        form={form}
        layout="vertical"
        initialValues={report ? { ...report, reportedOn: dayjs(report.reportedOn, DATE) } : { reportedOn: dayjs() }}
      >
        <Form.Item name="reportedOn" label={t.reportedOn} rules={[{ required: true, message: t.reportedOnRequired }]}>
          <DatePicker format={DATE} autoFocus />
        </Form.Item>
        {PARTS.map((k) => (
          <Form.Item key={k} name={k} label={t[k]} rules={[{ max: 5000 }]}>
            <Input.TextArea rows={3} maxLength={5000} showCount />
          </Form.Item>
        ))}
      </Form>
    </Modal>
  );
}
