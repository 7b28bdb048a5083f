import { PlusOutlined } from '@ant-design/icons';
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import {
  Alert,
  App,
  Button,
  DatePicker,
  Descriptions,
  Empty,
  Form,
  Input,
  InputNumber,
  Modal,
  Popconfirm,
  Select,
  Space,
  Switch,
  Table,
  Tag,
  Typography,
} from 'antd';
import type { TableColumnsType } from 'antd';
import dayjs, { type Dayjs } from 'dayjs';
import { useState } from 'react';
import { ApiError, errorMessage } from '../../api/client.ts';
import { messages } from '../../i18n/zh-CN.ts';
import { AttachmentList } from '../../shared/attachment-list.tsx';
import { narrativeLabels } from './narrative-labels.ts';
import {
  createActivity,
  deleteActivity,
  listActivities,
  narrativeKeys,
  updateActivity,
  type Activity,
  type ActivityFields,
} from './narrative.api.ts';
import { fieldOfProblem, NarrativeStaleAlert } from './activities-shared.tsx';

const t = narrativeLabels.activity;
const DATE = 'YYYY-MM-DD';

interface Values {
  title: string;
  category?: string;
  dates?: [Dayjs | null, Dayjs | null] | null;
  region?: string;
  place?: string;
  organiser?: string;
  coOrganisers?: string[];
  audience?: string;
  participants?: number | null;
  isPublic?: boolean;
  description?: string;
}

const blank = (s: string | undefined): string | null => (s?.trim() ? s.trim() : null);

function toFields(v: Values): ActivityFields {
  const [start, end] = v.dates ?? [null, null];
  return {
    title: v.title.trim(),
    category: v.category ?? null,
    startOn: start ? start.format(DATE) : null,
    endOn: end ? end.format(DATE) : start ? start.format(DATE) : null,
    region: blank(v.region),
    place: blank(v.place),
    organiser: blank(v.organiser),
    coOrganisers: v.coOrganisers ?? [],
    audience: blank(v.audience),
    participants: v.participants ?? null,
    isPublic: v.isPublic ?? false,
    description: blank(v.description),
  };
}

function toValues(a: Activity): Values {
  return {
    title: a.title,
    category: a.category ?? undefined,
    dates: a.startOn ? [dayjs(a.startOn, DATE), a.endOn ? dayjs(a.endOn, DATE) : null] : null,
    region: a.region ?? '',
    place: a.place ?? '',
    organiser: a.organiser ?? '',
    coOrganisers: a.coOrganisers,
    audience: a.audience ?? '',
    participants: a.participants,
    isPublic: a.isPublic,
    description: a.description ?? '',
  };
}

export function dateRange(startOn: string | null, endOn: string | null): string {
  if (!startOn) return '—';
  return !endOn || endOn === startOn ? startOn : `${startOn} 至 ${endOn}`;
}

/** 活动登记: the unit's activities on the notice; editable while its report is open. */
export function ActivitiesPanel({ noticeId, unitId }: { noticeId: number; unitId: number }) {
  const q = useQuery({
    queryKey: narrativeKeys.activities(noticeId, unitId),
    queryFn: () => listActivities(noticeId, unitId),
  });
  const client = useQueryClient();
  const { message } = App.useApp();
  const [editing, setEditing] = useState<Activity | 'new' | null>(null);
  const [viewing, setViewing] = useState<Activity | null>(null);
  const remove = useMutation({
    mutationFn: (a: Activity) => deleteActivity(a.id, a.version),
    onSuccess: () => {
      message.success(narrativeLabels.removed);
    },
    onError: (e) => {
      message.error(errorMessage(e));
    },
    onSettled: () => client.invalidateQueries({ queryKey: narrativeKeys.activities(noticeId, unitId) }),
  });

  if (q.isError) return <Alert type="error" showIcon title={errorMessage(q.error)} />;
  const data = q.data;
  const editable = data?.can.edit ?? false;
  const columns: TableColumnsType<Activity> = [
    {
      title: t.title,
      dataIndex: 'title',
      render: (v: string, a) => (
        <Space wrap size={4}>
          <Typography.Link
            onClick={() => {
              setViewing(a);
            }}
          >
            {v}
          </Typography.Link>
          {a.isPublic && <Tag color="green">{t.publicTag}</Tag>}
        </Space>
      ),
    },
    { title: t.category, dataIndex: 'category', width: 160, ellipsis: true, render: (v: string | null) => v ?? '—' },
    { title: t.dates, key: 'dates', width: 200, render: (_v, a) => dateRange(a.startOn, a.endOn) },
    {
      title: t.place,
      key: 'place',
      width: 180,
      ellipsis: true,
      render: (_v, a) => [a.region, a.place].filter(Boolean).join(' ') || '—',
    },
    {
      title: t.participants,
      dataIndex: 'participants',
      width: 120,
      align: 'right',
      render: (v: number | null) => (v === null ? '—' : v.toLocaleString('zh-CN')),
    },
    ...(editable
      ? [
          {
            title: messages.common.actions,
            key: 'actions',
            width: 130,
            render: (_v: unknown, a: Activity) => (
              <Space>
                <Button
                  type="link"
                  size="small"
                  onClick={() => {
                    setEditing(a);
                  }}
                >
                  {narrativeLabels.edit}
                </Button>
                <Popconfirm
                  title={narrativeLabels.removeConfirm(a.title)}
                  okText={narrativeLabels.remove}
                  okButtonProps={{ danger: true }}
                  cancelText={messages.common.cancel}
                  onConfirm={() => remove.mutateAsync(a)}
                >
                  <Button type="link" size="small" danger>
                    {narrativeLabels.remove}
                  </Button>
                </Popconfirm>
              </Space>
            ),
          },
        ]
      : []),
  ];
  return (
    <Space orientation="vertical" style={{ width: '100%' }} data-testid="activities-panel">
      {editable && (
        <Button
          type="primary"
          icon={<PlusOutlined />}
          onClick={() => {
            setEditing('new');
          }}
          data-testid="add-activity"
        >
          {narrativeLabels.add.activity}
        </Button>
      )}
      <Table<Activity>
        rowKey="id"
        size="small"
        columns={columns}
        dataSource={data?.items ?? []}
        loading={q.isFetching}
        pagination={{ pageSize: 20, hideOnSinglePage: true, showTotal: messages.common.total }}
        locale={{
          emptyText: <Empty image={Empty.PRESENTED_IMAGE_SIMPLE} description={editable ? t.empty : t.emptyReadOnly} />,
        }}
        scroll={{ x: 800 }}
      />
      {editing && data && (
        <ActivityModal
          noticeId={noticeId}
          unitId={unitId}
          activity={editing === 'new' ? null : editing}
          categories={data.categories}
          onClose={() => {
            setEditing(null);
          }}
        />
      )}
      {viewing && (
        <ActivityDetails
          activity={viewing}
          onClose={() => {
            setViewing(null);
          }}
        />
      )}
    </Space>
  );
}

function ActivityDetails({ activity: a, onClose }: { activity: Activity; onClose: () => void }) {
  return (
    <Modal
      open
      title={a.title}
      footer={<Button onClick={onClose}>{messages.common.close}</Button>}
      onCancel={onClose}
      width={720}
    >
      <Descriptions
        size="small"
        column={1}
        bordered
        items={[
          { key: 'c', label: t.category, children: a.category ?? '—' },
          { key: 'd', label: t.dates, children: dateRange(a.startOn, a.endOn) },
          { key: 'p', label: t.place, children: [a.region, a.place].filter(Boolean).join(' ') || '—' },
          { key: 'o', label: t.organiser, children: a.organiser ?? '—' },
          { key: 'co', label: t.coOrganisers, children: a.coOrganisers.join('、') || '—' },
          { key: 'a', label: t.audience, children: a.audience ?? '—' },
          { key: 'n', label: t.participants, children: a.participants?.toLocaleString('zh-CN') ?? '—' },
          { key: 'pub', label: t.isPublic, children: a.isPublic ? messages.common.yes : messages.common.no },
          {
            key: 'desc',
            label: t.description,
            children: (
              <Typography.Paragraph style={{ whiteSpace: 'pre-wrap', marginBottom: 0 }}>
                {a.description ?? '—'}
              </Typography.Paragraph>
            ),
          },
        ]}
      />
      <Typography.Title level={5} style={{ marginTop: 16 }}>
        {t.photos}
      </Typography.Title>
      <AttachmentList ownerType="activity" ownerId={a.id} roles={['photo']} editable={false} emptyText={t.noPhotos} />
    </Modal>
  );
}

function ActivityModal({
  noticeId,
  unitId,
  activity: initial,
  categories,
  onClose,
}: {
  noticeId: number;
  unitId: number;
  activity: Activity | null;
  categories: string[];
  onClose: () => void;
}) {
  const [form] = Form.useForm<Values>();
  // A new activity stays open once saved, so that its photos can be added straight away.
  const [activity, setActivity] = useState(initial);
  const client = useQueryClient();
  const { message } = App.useApp();
  const [banner, setBanner] = useState<ApiError | string | null>(null);
  const save = useMutation({
    mutationFn: (f: ActivityFields) =>
      activity ? updateActivity(activity.id, activity.version, f) : createActivity(noticeId, unitId, f),
    onSettled: () => client.invalidateQueries({ queryKey: narrativeKeys.activities(noticeId, unitId) }),
  });
  const isPublic = Form.useWatch('isPublic', form);

  async function submit(): Promise<void> {
    const v = await form.validateFields();
    setBanner(null);
    try {
      const saved = await save.mutateAsync(toFields(v));
      if (activity) {
        message.success(narrativeLabels.saved);
        onClose();
        return;
      }
      setActivity(saved);
      message.success(t.savedAddPhotos);
    } catch (e) {
      const field = fieldOfProblem(e, { startOn: 'dates', endOn: 'dates' });
      if (field) form.setFields([{ name: field as keyof Values, errors: [errorMessage(e)] }]);
      else setBanner(e instanceof ApiError ? e : errorMessage(e));
    }
  }

  return (
    <Modal
      open
      title={activity ? t.editTitle : t.createTitle}
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
          void client.invalidateQueries({ queryKey: narrativeKeys.activities(noticeId, unitId) });
          onClose();
        }}
      />
      <Form
        form={form}
        layout="vertical"
        initialValues={activity ? toValues(activity) : { isPublic: false, coOrganisers: [] }}
        onFinish={() => {
          submit().catch(() => undefined);
        }}
      >
        <Form.Item
          name="title"
          label={t.title}
          rules={[{ required: true, whitespace: true, message: t.titleRequired }, { max: 200 }]}
        >
          <Input autoFocus maxLength={200} placeholder={t.titleHint} />
        </Form.Item>
        <Space wrap size="middle" style={{ width: '100%' }} align="start">
          <Form.Item name="category" label={t.category} tooltip={t.categoryHint} style={{ minWidth: 280 }}>
            <Select allowClear showSearch options={categories.map((c) => ({ value: c, label: c }))} />
          </Form.Item>
          <Form.Item name="dates" label={t.dates} rules={isPublic ? [{ required: true, message: t.isPublicHint }] : []}>
            <DatePicker.RangePicker format={DATE} allowEmpty={[false, true]} />
          </Form.Item>
        </Space>
        <Space wrap size="middle" style={{ width: '100%' }} align="start">
          <Form.Item
            name="region"
            label={t.region}
            rules={
              isPublic ? [{ required: true, whitespace: true, message: t.isPublicHint }, { max: 200 }] : [{ max: 200 }]
            }
          >
            <Input maxLength={200} />
          </Form.Item>
          <Form.Item name="place" label={t.place} rules={[{ max: 200 }]} style={{ minWidth: 300 }}>
            <Input maxLength={200} />
          </Form.Item>
        </Space>
        <Space wrap size="middle" style={{ width: '100%' }} align="start">
          <Form.Item name="organiser" label={t.organiser} rules={[{ max: 200 }]} style={{ minWidth: 260 }}>
            <Input maxLength={200} />
          </Form.Item>
          <Form.Item name="coOrganisers" label={t.coOrganisers} tooltip={t.coOrganisersHint} style={{ minWidth: 300 }}>
            <Select mode="tags" open={false} tokenSeparators={['、', '，', ',']} maxCount={30} />
          </Form.Item>
        </Space>
        <Space wrap size="middle" style={{ width: '100%' }} align="start">
          <Form.Item name="audience" label={t.audience} rules={[{ max: 200 }]}>
            <Input maxLength={200} placeholder={t.audienceHint} />
          </Form.Item>
          <Form.Item name="participants" label={t.participants}>
            <InputNumber min={0} max={100_000_000} precision={0} style={{ width: 180 }} />
          </Form.Item>
          <Form.Item name="isPublic" label={t.isPublic} valuePropName="checked" tooltip={t.isPublicHint}>
            <Switch />
          </Form.Item>
        </Space>
        <Form.Item name="description" label={t.description} rules={[{ max: 5000 }]}>
          <Input.TextArea rows={4} maxLength={5000} showCount />
        </Form.Item>
        <button type="submit" hidden />
      </Form>
      <Typography.Title level={5}>{t.photos}</Typography.Title>
      {activity ? (
        <AttachmentList
          ownerType="activity"
          ownerId={activity.id}
          roles={['photo']}
          emptyText={t.noPhotos}
          data-testid="activity-photos"
        />
      ) : (
        <Typography.Text type="secondary">{t.photosLater}</Typography.Text>
      )}
    </Modal>
  );
}
