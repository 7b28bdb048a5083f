import { DeleteOutlined, PlusOutlined } from '@ant-design/icons';
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import {
  Alert,
  App,
  AutoComplete,
  Button,
  Card,
  Checkbox,
  DatePicker,
  Form,
  Input,
  Popconfirm,
  Select,
  Space,
  Typography,
} from 'antd';
import { useMemo, useState } from 'react';
import { useLocation, useNavigate, useParams, useSearchParams } from 'react-router';
import { ApiError, errorMessage } from '../../api/client.ts';
import {
  createNotice,
  forwardNotice,
  getNotice,
  issueNotice,
  listCampaigns,
  noticeKeys,
  updateNotice,
  type CampaignView,
  type ForwardKind,
  type NoticeInput,
  type NoticeView,
  type NoticeWarning,
} from '../../api/notices.api.ts';
import { getUnit, unitKeys } from '../../api/units.api.ts';
import type { UnitDetail } from '../../api/types.ts';
import { clearDraft, useFormDraft } from '../../auth/form-drafts.ts';
import { useSession } from '../../auth/use-session.ts';
import { messages } from '../../i18n/zh-CN.ts';
import { DATE_FORMAT, dateItemProps } from '../../shared/date-field.ts';
import { applyServerError } from '../../shared/form-errors.ts';
import { PageSpinner } from '../../shared/lazy-page.tsx';
import { docNumberText, htmlToText, sectionNumber, staffUnitOf, textToHtml } from './notice-format.ts';
import { FormPicker, useSuggestedForm } from './form-picker.tsx';
import { RecipientPicker } from './recipient-picker.tsx';

const t = messages.noticeForm;

interface SectionValue {
  heading?: string;
  text?: string;
}

const FORM_KIND = '统计表';
const BLOCK_LATE_LABEL = '截止后不允许提交';
const BLOCK_LATE_HINT =
  '勾选后，截止日期之后填报单位不能再首次提交统计表（退回后重新提交和本单位代填报不受限制）；不勾选则允许提交并标记为逾期';
interface Values {
  campaignId?: number;
  issuerName: string;
  docNumber?: string;
  title: string;
  issuedOn?: string | null;
  deadline?: string | null;
  theme?: string;
  requiredReports: string[];
  formCode?: string | null;
  blockLate?: boolean;
  recipientUnitIds: number[];
  sections: SectionValue[];
}

type Mode =
  | { kind: 'new' }
  | { kind: 'forward'; parent: NoticeView; forwardKind: ForwardKind }
  | { kind: 'edit'; notice: NoticeView };

interface Context {
  mode: Mode;
  issuer: UnitDetail;
  campaigns: CampaignView[];
}

const toSections = (values: SectionValue[]) =>
  values
    .filter((s) => (s.heading ?? '').trim() || (s.text ?? '').trim())
    .map((s, i) => ({ number: sectionNumber(i), heading: (s.heading ?? '').trim(), html: textToHtml(s.text ?? '') }));

function initialValues(ctx: Context): Values {
  const { mode, issuer, campaigns } = ctx;
  switch (mode.kind) {
    case 'new':
      return {
        campaignId: campaigns.find((c) => !c.archived)?.id,
        issuerName: issuer.name,
        title: '',
        requiredReports: [],
        recipientUnitIds: [],
        sections: [],
      };
    case 'forward': {
      const p = mode.parent;
      const plan = mode.forwardKind === 'plan';
      return {
        campaignId: p.campaignId,
        issuerName: issuer.name,
        title: plan ? p.title : `关于转发《${p.title}》的通知`,
        theme: plan ? (p.theme ?? '') : '',
        requiredReports: p.requiredReports,
        formCode: p.formCode,
        recipientUnitIds: [],
        sections: plan ? p.sections.map((s) => ({ heading: s.heading, text: htmlToText(s.html) })) : [],
      };
    }
    case 'edit': {
      const n = mode.notice;
      return {
        campaignId: n.campaignId,
        issuerName: n.issuerName,
        docNumber: n.docNumber ?? '',
        title: n.title,
        issuedOn: n.issuedOn,
        deadline: n.deadline,
        theme: n.theme ?? '',
        requiredReports: n.requiredReports,
        formCode: n.formCode,
        blockLate: n.blockLate,
        recipientUnitIds: n.recipients.map((r) => r.unitId),
        sections: n.sections.map((s) => ({ heading: s.heading, text: htmlToText(s.html) })),
      };
    }
  }
}

function NoticeForm({ ctx }: { ctx: Context }) {
  const { mode, issuer, campaigns } = ctx;
  const [form] = Form.useForm<Values>();
  const navigate = useNavigate();
  const location = useLocation();
  const client = useQueryClient();
  const { message } = App.useApp();
  const editing = mode.kind === 'edit' ? mode.notice : null;
  const parent = mode.kind === 'forward' ? mode.parent : (editing?.parent ?? null);
  const parentDeadline = parent?.deadline ?? null;
  const [version, setVersion] = useState(editing?.version ?? 0);
  const [warnings, setWarnings] = useState<NoticeWarning[]>(
    () => (location.state as { warnings?: NoticeWarning[] } | null)?.warnings ?? [],
  );
  const [banner, setBanner] = useState<string | null>(null);
  const [duplicate, setDuplicate] = useState<{ message: string; existingId: number | null } | null>(null);
  const [sectionsDirty, setSectionsDirty] = useState(false);
  const [dirty, setDirty] = useState(false);
  const draftKey =
    mode.kind === 'new'
      ? 'notice-new'
      : mode.kind === 'forward'
        ? `notice-forward:${mode.parent.id}:${mode.forwardKind}`
        : `notice-edit:${mode.notice.id}`;
  const keepDraft = useFormDraft(draftKey, form, true);
  const parentForm = mode.kind === 'forward' ? mode.parent.formCode : null;
  const suggestedForm = useSuggestedForm(
    editing?.campaignId ?? (mode.kind === 'forward' ? mode.parent.campaignId : campaigns.find((c) => !c.archived)?.id),
  );
  const knownNames = useMemo(() => new Map((editing?.recipients ?? []).map((r) => [r.unitId, r.unitName])), [editing]);

  const title =
    mode.kind === 'new'
      ? t.newTitle
      : mode.kind === 'edit'
        ? t.editTitle
        : mode.forwardKind === 'plan'
          ? t.planTitle(mode.parent.title)
          : t.forwardTitle(mode.parent.title);

  function toInput(v: Values): NoticeInput {
    const input: NoticeInput = {
      issuerName: v.issuerName.trim(),
      docNumber: v.docNumber?.trim() || null,
      title: v.title.trim(),
      issuedOn: v.issuedOn ?? null,
      deadline: v.deadline ?? null,
      theme: v.theme?.trim() || null,
      requiredReports: v.requiredReports,
      // The table goes with 统计表 ticked; unticked, the notice carries none.
      formCode: v.requiredReports.includes(FORM_KIND) ? (v.formCode ?? null) : null,
      recipientUnitIds: v.recipientUnitIds,
      blockLate: v.blockLate ?? false,
    };
    // A plan keeps the parent's sections as the server copied them unless the user changed them here.
    if (mode.kind === 'new' || sectionsDirty || (mode.kind === 'forward' && mode.forwardKind === 'forward'))
      input.sections = toSections(v.sections);
    if (mode.kind === 'forward' && mode.forwardKind === 'forward' && input.sections?.length === 0)
      delete input.sections;
    return input;
  }

  const save = useMutation({
    mutationFn: async ({ v, confirmDuplicate }: { v: Values; confirmDuplicate: boolean }): Promise<NoticeView> => {
      const input = toInput(v);
      switch (mode.kind) {
        case 'new':
          return createNotice(v.campaignId ?? 0, issuer.id, { ...input, title: input.title ?? '' });
        case 'forward':
          return forwardNotice(mode.parent.id, mode.forwardKind, input, confirmDuplicate);
        case 'edit':
          return updateNotice(mode.notice.id, version, input);
      }
    },
    onSuccess: () => client.invalidateQueries({ queryKey: noticeKeys.all }),
  });

  async function submit(confirmDuplicate = false): Promise<NoticeView | null> {
    const v = await form.validateFields();
    setBanner(null);
    setDuplicate(null);
    try {
      const saved = await save.mutateAsync({ v, confirmDuplicate });
      clearDraft(draftKey);
      message.success(t.draftSaved);
      setWarnings(saved.warnings);
      setSectionsDirty(false);
      setDirty(false);
      if (mode.kind === 'edit') {
        setVersion(saved.version);
        client.setQueryData(noticeKeys.detail(saved.id), saved);
      } else {
        await navigate(`/notices/${saved.id}/edit`, { replace: true, state: { warnings: saved.warnings } });
      }
      return saved;
    } catch (error) {
      if (error instanceof ApiError && error.code === 'NOTICE_ALREADY_FORWARDED') {
        const existingId = typeof error.details.existingId === 'number' ? error.details.existingId : null;
        setDuplicate({ message: error.message, existingId });
      } else {
        setBanner(applyServerError(form, error));
      }
      return null;
    }
  }

  const issue = useMutation({
    mutationFn: async () => {
      if (!editing) return null;
      let v = version;
      if (dirty) {
        const saved = await submit();
        if (!saved) return null;
        v = saved.version;
      }
      return issueNotice(editing.id, v);
    },
    onSuccess: async (n) => {
      if (!n) return;
      client.setQueryData(noticeKeys.detail(n.id), n);
      await client.invalidateQueries({ queryKey: noticeKeys.all });
      message.success(t.issuedOk);
      await navigate(`/notices/${n.id}`, { replace: true });
    },
    onError: (error) => {
      setBanner(applyServerError(form, error));
    },
  });

  if (editing && editing.status !== 'draft') {
    return (
      <Card title={title}>
        <Alert
          type="warning"
          showIcon
          title={t.notEditable}
          action={
            <Button
              onClick={() => {
                void navigate(`/notices/${editing.id}`);
              }}
            >
              {messages.notice.back}
            </Button>
          }
        />
      </Card>
    );
  }

  const issuerNames = [issuer.name, ...issuer.aliases].map((n) => ({ value: n }));
  const campaignOptions = campaigns.map((c) => ({
    value: c.id,
    disabled: c.archived,
    label: c.archived ? `${c.name}（${t.archived}）` : c.name,
  }));
  const liveCampaigns = campaigns.filter((c) => !c.archived);

  return (
    <Card title={title} data-testid="notice-form">
      {parent && (
        <Typography.Paragraph type="secondary">
          {t.parentLabel}：{parent.title}（{docNumberText(parent.docNumber)}）
        </Typography.Paragraph>
      )}
      {warnings.map((w) => (
        <Alert
          key={w.code}
          type="warning"
          showIcon
          title={w.message}
          style={{ marginBottom: 12 }}
          data-testid="notice-warning"
        />
      ))}
      {banner && <Alert type="error" showIcon title={banner} style={{ marginBottom: 12 }} />}
      {duplicate && (
        <Alert
          type="warning"
          showIcon
          title={duplicate.message}
          style={{ marginBottom: 12 }}
          action={
            <Space>
              <Button
                size="small"
                type="primary"
                loading={save.isPending}
                onClick={() => {
                  submit(true).catch(() => undefined);
                }}
              >
                {t.forwardAnyway}
              </Button>
              {duplicate.existingId !== null && (
                <Button
                  size="small"
                  onClick={() => {
                    void navigate(`/notices/${String(duplicate.existingId)}`);
                  }}
                >
                  {t.viewExisting}
                </Button>
              )}
            </Space>
          }
        />
      )}
      {mode.kind === 'new' && liveCampaigns.length === 0 && (
        <Alert type="info" showIcon title={t.noLiveCampaign} style={{ marginBottom: 12 }} />
      )}
      <Form<Values>
        form={form}
        layout="vertical"
        style={{ maxWidth: 880 }}
        initialValues={initialValues(ctx)}
        onValuesChange={(changed: Partial<Values>, all) => {
          if ('sections' in changed) setSectionsDirty(true);
          // Ticking 统计表 preselects a table: the parent's, else the campaign's latest, else the newest built-in.
          if (changed.requiredReports?.includes(FORM_KIND) && !all.formCode) {
            const preset = parentForm ?? suggestedForm;
            if (preset) form.setFieldValue('formCode', preset);
          }
          setDirty(true);
          keepDraft(changed, all);
        }}
        // Enter confirms a field (a typed date) and never saves a half-filled notice: saving is the button's.
        onKeyDown={(e) => {
          if (e.key === 'Enter' && (e.target as HTMLElement).tagName === 'INPUT') e.preventDefault();
        }}
        onFinish={() => {
          submit().catch(() => undefined);
        }}
      >
        <Form.Item name="campaignId" label={t.campaign} rules={[{ required: true, message: t.campaignRequired }]}>
          <Select options={campaignOptions} disabled={mode.kind !== 'new'} placeholder={t.campaignRequired} />
        </Form.Item>
        <Space align="start" wrap style={{ width: '100%' }}>
          <Form.Item
            name="issuerName"
            label={t.issuerName}
            tooltip={t.issuerNameHint}
            rules={[{ required: true, whitespace: true, message: t.issuerNameRequired }]}
            style={{ minWidth: 320 }}
          >
            <AutoComplete options={issuerNames} />
          </Form.Item>
          <Form.Item name="docNumber" label={t.docNumber} extra={t.docNumberHint} style={{ minWidth: 320 }}>
            <Input maxLength={40} placeholder="藏质标办〔2024〕2号" />
          </Form.Item>
        </Space>
        <Form.Item
          name="title"
          label={t.title}
          rules={[{ required: true, whitespace: true, message: t.titleRequired }]}
        >
          <Input maxLength={200} autoFocus />
        </Form.Item>
        <Space align="start" wrap style={{ width: '100%' }}>
          <Form.Item name="issuedOn" label={t.issuedOn} {...dateItemProps}>
            <DatePicker format={DATE_FORMAT} />
          </Form.Item>
          <Form.Item
            name="deadline"
            label={t.deadline}
            {...dateItemProps}
            extra={parent ? (parentDeadline ? t.parentDeadline(parentDeadline) : t.parentNoDeadline) : undefined}
            rules={[
              {
                validator: async (_r, value: string | null | undefined) => {
                  if (parentDeadline && value && value > parentDeadline)
                    throw new Error(t.deadlineAfterParent(parentDeadline));
                },
              },
            ]}
          >
            <DatePicker format={DATE_FORMAT} />
          </Form.Item>
          <Form.Item name="theme" label={t.theme} style={{ minWidth: 320 }}>
            <Input maxLength={100} />
          </Form.Item>
        </Space>
        <Form.Item name="requiredReports" label={t.requiredReports}>
          <Checkbox.Group options={t.reportOptions.map((o) => ({ value: o, label: o }))} />
        </Form.Item>
        <Form.Item noStyle dependencies={['requiredReports', 'campaignId']}>
          {() =>
            (form.getFieldValue('requiredReports') as string[] | undefined)?.includes(FORM_KIND) && (
              <Form.Item
                name="formCode"
                label={t.form}
                extra={t.formHint}
                rules={[{ required: true, message: t.formRequired }]}
              >
                <FormPicker campaignId={form.getFieldValue('campaignId') as number | undefined} />
              </Form.Item>
            )
          }
        </Form.Item>
        <Form.Item name="blockLate" valuePropName="checked" extra={BLOCK_LATE_HINT}>
          <Checkbox data-testid="block-late">{BLOCK_LATE_LABEL}</Checkbox>
        </Form.Item>
        <Form.Item name="recipientUnitIds" label={t.recipients}>
          <RecipientPicker root={{ id: issuer.id, kind: issuer.kind }} knownNames={knownNames} />
        </Form.Item>
        <Typography.Text strong>{t.sections}</Typography.Text>
        <Form.List name="sections">
          {(fields, { add, remove }) => (
            <div style={{ marginTop: 8 }}>
              {fields.map((field, index) => (
                <Card
                  key={field.key}
                  size="small"
                  style={{ marginBottom: 8 }}
                  extra={
                    <Button
                      type="text"
                      danger
                      icon={<DeleteOutlined />}
                      aria-label={t.removeSection}
                      onClick={() => remove(field.name)}
                    />
                  }
                >
                  <Form.Item name={[field.name, 'heading']} label={t.sectionHeading(sectionNumber(index))}>
                    <Input maxLength={200} />
                  </Form.Item>
                  <Form.Item
                    name={[field.name, 'text']}
                    label={t.sectionText}
                    extra={t.sectionTextHint}
                    style={{ marginBottom: 0 }}
                  >
                    <Input.TextArea autoSize={{ minRows: 3, maxRows: 16 }} />
                  </Form.Item>
                </Card>
              ))}
              <Button type="dashed" icon={<PlusOutlined />} onClick={() => add({ heading: '', text: '' })}>
                {t.addSection}
              </Button>
            </div>
          )}
        </Form.List>
        <Space style={{ marginTop: 24 }}>
          <Button type="primary" htmlType="submit" loading={save.isPending && !issue.isPending}>
            {t.saveDraft}
          </Button>
          {editing?.can.issue && (
            <Popconfirm
              title={t.issueConfirm}
              okText={t.issue}
              cancelText={messages.common.cancel}
              onConfirm={() => issue.mutateAsync().catch(() => undefined)}
            >
              <Button loading={issue.isPending}>{t.issue}</Button>
            </Popconfirm>
          )}
          <Button
            onClick={() => {
              clearDraft(draftKey);
              void navigate(
                editing
                  ? `/notices/${editing.id}`
                  : mode.kind === 'forward'
                    ? `/notices/${mode.parent.id}`
                    : '/notices',
              );
            }}
          >
            {t.cancel}
          </Button>
        </Space>
      </Form>
    </Card>
  );
}

/** Loads what the form needs (the parent or the draft, the issuing unit, campaigns), then shows it. */
export default function NoticeFormPage() {
  const params = useParams();
  const [search] = useSearchParams();
  const location = useLocation();
  const { user } = useSession();
  const id = params.id ? Number(params.id) : null;
  const routeKind: Mode['kind'] = id === null ? 'new' : location.pathname.endsWith('/edit') ? 'edit' : 'forward';
  const forwardKind: ForwardKind = search.get('kind') === 'plan' ? 'plan' : 'forward';

  const notice = useQuery({
    queryKey: noticeKeys.detail(id ?? 0),
    queryFn: () => getNotice(id ?? 0),
    enabled: id !== null,
  });
  const campaigns = useQuery({ queryKey: noticeKeys.campaigns, queryFn: listCampaigns });

  let issuerId: number | null = null;
  if (routeKind === 'new') issuerId = staffUnitOf(user)?.unitId ?? null;
  else if (routeKind === 'edit') issuerId = notice.data?.issuerUnitId ?? null;
  else
    issuerId =
      notice.data?.recipients.find((r) =>
        user.roles.some((g) => g.unitId === r.unitId && (g.role === 'admin' || g.role === 'reviewer')),
      )?.unitId ?? null;
  const issuer = useQuery({
    queryKey: unitKeys.detail(issuerId ?? 0),
    queryFn: () => getUnit(issuerId ?? 0),
    enabled: issuerId !== null,
  });

  const error = notice.error ?? campaigns.error ?? issuer.error;
  if (error)
    return (
      <Card>
        <Alert type="error" showIcon title={errorMessage(error)} />
      </Card>
    );
  if (routeKind === 'forward' && notice.data && issuerId === null)
    return (
      <Card>
        <Alert type="error" showIcon title={t.notAddressed} />
      </Card>
    );
  if (routeKind === 'new' && issuerId === null)
    return (
      <Card>
        <Alert type="error" showIcon title={t.noIssueRight} />
      </Card>
    );
  if (!campaigns.data || !issuer.data || (id !== null && !notice.data)) return <PageSpinner />;

  const mode: Mode =
    routeKind === 'new'
      ? { kind: 'new' }
      : routeKind === 'edit'
        ? { kind: 'edit', notice: notice.data as NoticeView }
        : { kind: 'forward', parent: notice.data as NoticeView, forwardKind };
  // A new key remounts the form when the route switches (e.g. after the first save).
  return (
    <NoticeForm
      key={`${routeKind}-${String(id)}-${forwardKind}`}
      ctx={{ mode, issuer: issuer.data, campaigns: campaigns.data }}
    />
  );
}
