import { PlusOutlined } from '@ant-design/icons';
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import {
  Alert,
  App,
  Button,
  Card,
  Empty,
  Form,
  Input,
  Modal,
  Popconfirm,
  Select,
  Space,
  Switch,
  Tag,
  Typography,
} from 'antd';
import { useState } from 'react';
import { ApiError, errorMessage } from '../../api/client.ts';
import { messages } from '../../i18n/zh-CN.ts';
import { AttachmentList } from '../../shared/attachment-list.tsx';
import { formatDateTime } from '../../shared/format.ts';
import { htmlToText, textToHtml } from '../notices/notice-format.ts';
import { fieldOfProblem, NarrativeStaleAlert } from './activities-shared.tsx';
import { narrativeLabels } from './narrative-labels.ts';
import {
  createCase,
  deleteCase,
  listCases,
  narrativeKeys,
  setRecommended,
  updateCase,
  type CaseFields,
  type TypicalCase,
} from './narrative.api.ts';

const t = narrativeLabels.cases;

interface Values {
  title: string;
  category?: string;
  text: string;
}

/** 典型案例: the unit's cases; the office that received them may recommend them upward (推荐上报). */
export function CasesPanel({ noticeId, unitId }: { noticeId: number; unitId: number }) {
  const q = useQuery({ queryKey: narrativeKeys.cases(noticeId, unitId), queryFn: () => listCases(noticeId, unitId) });
  const client = useQueryClient();
  const { message } = App.useApp();
  const [editing, setEditing] = useState<TypicalCase | 'new' | null>(null);
  const refresh = () => client.invalidateQueries({ queryKey: narrativeKeys.all });
  const remove = useMutation({
    mutationFn: (c: TypicalCase) => deleteCase(c.id, c.version),
    onSuccess: () => {
      message.success(narrativeLabels.removed);
    },
    onError: (e) => {
      message.error(errorMessage(e));
    },
    onSettled: refresh,
  });
  const recommend = useMutation({
    mutationFn: ({ c, on }: { c: TypicalCase; on: boolean }) => setRecommended(c.id, on),
    onSuccess: (c) => {
      message.success(c.recommended ? t.recommended : t.withdrawn);
    },
    onError: (e) => {
      message.error(errorMessage(e));
    },
    onSettled: refresh,
  });

  if (q.isError) return <Alert type="error" showIcon title={errorMessage(q.error)} />;
  const data = q.data;
  const editable = data?.can.edit ?? false;

  const caseCard = (c: TypicalCase, upward = false) => (
    <Card
      key={c.id}
      size="small"
      data-testid={upward ? 'upward-case' : 'case-card'}
      title={
        <Space wrap size={4}>
          <span>{c.title}</span>
          {c.category && <Tag>{c.category}</Tag>}
          {!upward && c.recommended && <Tag color="gold">{t.recommended}</Tag>}
        </Space>
      }
      extra={
        <Space>
          {upward && c.unitName && <Typography.Text type="secondary">{t.from(c.unitName)}</Typography.Text>}
          {c.can.recommend && (
            <Space size={4}>
              <Switch
                size="small"
                checked={c.recommended !== null}
                loading={recommend.isPending}
                aria-label={t.recommend}
                onChange={(on) => {
                  recommend.mutate({ c, on });
                }}
              />
              <Typography.Text title={t.recommendHint}>{t.recommend}</Typography.Text>
            </Space>
          )}
          {!upward && editable && (
            <Button
              type="link"
              size="small"
              onClick={() => {
                setEditing(c);
              }}
            >
              {narrativeLabels.edit}
            </Button>
          )}
          {!upward && editable && (
            <Popconfirm
              title={narrativeLabels.removeConfirm(c.title)}
              okText={narrativeLabels.remove}
              okButtonProps={{ danger: true }}
              cancelText={messages.common.cancel}
              onConfirm={() => remove.mutateAsync(c)}
            >
              <Button type="link" size="small" danger>
                {narrativeLabels.remove}
              </Button>
            </Popconfirm>
          )}
        </Space>
      }
    >
      <Typography.Paragraph
        style={{ whiteSpace: 'pre-wrap', marginBottom: 0 }}
        ellipsis={{ rows: 6, expandable: 'collapsible' }}
      >
        {htmlToText(c.html)}
      </Typography.Paragraph>
      {upward && c.recommended?.at && (
        <Typography.Text type="secondary">
          {t.recommendedOn} {formatDateTime(c.recommended.at)}
        </Typography.Text>
      )}
      {/* Photos follow the case's own rules: the unit adds them while its report is open. */}
      <AttachmentList
        ownerType="case"
        ownerId={c.id}
        roles={['photo']}
        editable={!upward && editable}
        emptyText={t.noPhotos}
      />
    </Card>
  );

  return (
    <Space orientation="vertical" style={{ width: '100%' }} data-testid="cases-panel">
      {editable && (
        <Button
          type="primary"
          icon={<PlusOutlined />}
          onClick={() => {
            setEditing('new');
          }}
          data-testid="add-case"
        >
          {narrativeLabels.add.case}
        </Button>
      )}
      {q.isPending ? null : data?.items.length ? (
        data.items.map((c) => caseCard(c))
      ) : (
        <Empty image={Empty.PRESENTED_IMAGE_SIMPLE} description={editable ? t.empty : t.emptyReadOnly} />
      )}
      {data && data.recommended.length > 0 && (
        <>
          <Typography.Title level={5} style={{ marginTop: 16 }}>
            {t.upwardTitle}
          </Typography.Title>
          <Typography.Paragraph type="secondary">{t.upwardHint}</Typography.Paragraph>
          {data.recommended.map((c) => caseCard(c, true))}
        </>
      )}
      {editing && data && (
        <CaseModal
          noticeId={noticeId}
          unitId={unitId}
          kase={editing === 'new' ? null : editing}
          categories={data.categories}
          onClose={() => {
            setEditing(null);
          }}
        />
      )}
    </Space>
  );
}

function CaseModal({
  noticeId,
  unitId,
  kase,
  categories,
  onClose,
}: {
  noticeId: number;
  unitId: number;
  kase: TypicalCase | null;
  categories: string[];
  onClose: () => void;
}) {
  const [form] = Form.useForm<Values>();
  const client = useQueryClient();
  const { message } = App.useApp();
  const [banner, setBanner] = useState<ApiError | string | null>(null);
  const save = useMutation({
    mutationFn: (f: CaseFields) => (kase ? updateCase(kase.id, kase.version, f) : createCase(noticeId, unitId, f)),
    onSettled: () => client.invalidateQueries({ queryKey: narrativeKeys.cases(noticeId, unitId) }),
  });

  async function submit(): Promise<void> {
    const v = await form.validateFields();
    setBanner(null);
    try {
      await save.mutateAsync({ title: v.title.trim(), category: v.category ?? null, html: textToHtml(v.text) });
      message.success(narrativeLabels.saved);
      onClose();
    } catch (e) {
      const field = fieldOfProblem(e, { html: 'text' });
      if (field) form.setFields([{ name: field as keyof Values, errors: [errorMessage(e)] }]);
      else setBanner(e instanceof ApiError ? e : errorMessage(e));
    }
  }

  return (
    <Modal
      open
      title={kase ? t.editTitle : t.createTitle}
      okText={messages.common.save}
      cancelText={messages.common.cancel}
      confirmLoading={save.isPending}
      width={760}
      onOk={() => {
        submit().catch(() => undefined);
      }}
      onCancel={onClose}
      destroyOnHidden
    >
      <NarrativeStaleAlert
        error={banner}
        onReload={() => {
          void client.invalidateQueries({ queryKey: narrativeKeys.cases(noticeId, unitId) });
          onClose();
        }}
      />
      <Form
        form={form}
        layout="vertical"
        initialValues={
          kase ? { title: kase.title, category: kase.category ?? undefined, text: htmlToText(kase.html) } : {}
        }
      >
        <Form.Item
          name="title"
          label={t.title}
          rules={[{ required: true, whitespace: true, message: t.titleRequired }, { max: 200 }]}
        >
          <Input autoFocus maxLength={200} />
        </Form.Item>
        <Form.Item name="category" label={t.category}>
          <Select allowClear showSearch options={categories.map((c) => ({ value: c, label: c }))} />
        </Form.Item>
        <Form.Item name="text" label={t.text} rules={[{ required: true, whitespace: true, message: t.textRequired }]}>
          <Input.TextArea rows={10} maxLength={50_000} showCount />
        </Form.Item>
      </Form>
    </Modal>
  );
}
