import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { Alert, App, Button, Checkbox, Form, Modal, Radio, Select, Space, Typography } from 'antd';
import { useEffect, useMemo, useState } from 'react';
import { useNavigate } from 'react-router';
import { ApiError, errorMessage } from '../../api/client.ts';
import { listCampaigns, listInbox, noticeKeys } from '../../api/notices.api.ts';
import { useSession } from '../../auth/use-session.ts';
import { messages } from '../../i18n/zh-CN.ts';
import { staffUnitOf } from '../notices/notice-format.ts';
import { draftFromValues, type DraftValues } from './draft-model.ts';
import {
  IMPORT_MODES,
  importNotice,
  receivedIssuers,
  type ImportMode,
  type ImportRequest,
  type IssuerChoice,
  type ReceivedInput,
} from './notice-import.api.ts';

const t = messages.noticeImport;
const tr = t.received;

interface DialogValues {
  campaignId?: number;
  mode: ImportMode;
  parentId?: number;
  fromUnitId?: number;
  withForwarded?: boolean;
  forwardedFromUnitId?: number;
}

/** The draft of each part of the import, as the user corrected it (null: a required field is empty). */
export interface ImportParts {
  /** The part on screen (the letter, or the forwarded notice when the user switched to it). */
  current: () => Promise<DraftValues | null>;
  letter: () => DraftValues | null;
  /** The notice a 转发 letter forwards; absent when the document forwards none. */
  forwarded?: (() => DraftValues | null) | undefined;
  forwardedTitle?: string | undefined;
  /** The issuers as the drafts write them, to propose the unit (登记收文). */
  written: () => { current: string; letter: string; forwarded: string | null };
}

/** What the dialog offers after a NOTICE_RECEIVED_DUPLICATE answer. */
interface Duplicate {
  existingId: number | null;
  part: string;
  usableAsParent: boolean;
}

function duplicateOf(e: unknown): Duplicate | null {
  if (!(e instanceof ApiError) || e.code !== 'NOTICE_RECEIVED_DUPLICATE') return null;
  const id = e.details.existingId;
  return {
    existingId: typeof id === 'number' ? id : null,
    part: typeof e.details.part === 'string' ? e.details.part : 'notice',
    usableAsParent: e.details.usableAsParent === true,
  };
}

function choiceHint(choice: IssuerChoice | null | undefined, written: string | null): string | undefined {
  if (!choice) return undefined;
  if (!written?.trim()) return tr.noWritten;
  if (choice.how !== 'default') return tr.matched(written);
  return [tr.unmatched(written), choice.elsewhere ? tr.elsewhere(choice.elsewhere) : ''].filter(Boolean).join('；');
}

/** Step 3: where the import goes (campaign, new / 登记收文 / forward / plan) and its creation. */
export function CreateDialog({
  open,
  onClose,
  parts,
  fileName,
  sourceFileId,
}: {
  open: boolean;
  onClose: () => void;
  parts: ImportParts;
  fileName: string | null;
  sourceFileId?: string | undefined;
}) {
  const { user } = useSession();
  const navigate = useNavigate();
  const client = useQueryClient();
  const { message } = App.useApp();
  const [form] = Form.useForm<DialogValues>();
  const mode = Form.useWatch('mode', form) ?? 'new';
  const withForwarded = (Form.useWatch('withForwarded', form) ?? true) && parts.forwarded !== undefined;
  const [error, setError] = useState<string | null>(null);
  const [forwardDuplicate, setForwardDuplicate] = useState(false);
  const [duplicate, setDuplicate] = useState<Duplicate | null>(null);
  const campaigns = useQuery({ queryKey: noticeKeys.campaigns, queryFn: listCampaigns, enabled: open });
  const inbox = useQuery({
    queryKey: noticeKeys.inbox,
    queryFn: listInbox,
    enabled: open && (mode === 'forward' || mode === 'plan'),
  });
  const issuer = staffUnitOf(user);
  const live = useMemo(() => (campaigns.data ?? []).filter((c) => !c.archived), [campaigns.data]);
  const firstLive = live[0]?.id;
  // Read once per opening: the drafts do not change while the dialog is up.
  const written = useMemo(() => (open ? parts.written() : null), [open, parts]);
  const letterWritten = withForwarded ? (written?.letter ?? '') : (written?.current ?? '');
  const issuers = useQuery({
    queryKey: [
      'notice-import',
      'issuers',
      issuer?.unitId,
      letterWritten,
      withForwarded ? (written?.forwarded ?? '') : null,
    ],
    queryFn: () =>
      receivedIssuers(issuer?.unitId ?? 0, letterWritten, withForwarded ? (written?.forwarded ?? '') : undefined),
    enabled: open && mode === 'received' && issuer !== null,
  });

  // The newest live campaign is the usual choice.
  useEffect(() => {
    if (open && firstLive !== undefined && form.getFieldValue('campaignId') === undefined)
      form.setFieldValue('campaignId', firstLive);
  }, [open, firstLive, form, mode]);
  // The proposed issuers, unless the user already picked one.
  useEffect(() => {
    const d = issuers.data;
    if (!d) return;
    form.setFieldsValue({
      fromUnitId: d.letter?.unitId,
      ...(d.forwarded && { forwardedFromUnitId: d.forwarded.unitId }),
    });
  }, [issuers.data, form]);

  const create = useMutation({
    mutationFn: async ({
      confirmDuplicate = false,
      existingParentId,
    }: {
      confirmDuplicate?: boolean;
      existingParentId?: number;
    }) => {
      if (!issuer) return null;
      const v = await form.validateFields();
      const common = {
        campaignId: v.campaignId ?? live[0]?.id ?? 0,
        issuerUnitId: issuer.unitId,
        ...(fileName && { sourceFileName: fileName }),
        ...(sourceFileId && { sourceFileId }),
      };
      let request: ImportRequest;
      if (v.mode === 'received') {
        const chain = withForwarded && parts.forwarded;
        const letter = chain ? parts.letter() : await parts.current();
        const forwarded = chain ? (parts.forwarded?.() ?? null) : null;
        if (!letter || (chain && !forwarded && existingParentId === undefined)) {
          setError(t.titleRequired);
          return null;
        }
        const received: ReceivedInput = {
          ...(v.fromUnitId !== undefined && { fromUnitId: v.fromUnitId }),
          ...(existingParentId !== undefined
            ? { forwarded: { existingId: existingParentId } }
            : forwarded
              ? {
                  forwarded: {
                    draft: draftFromValues(forwarded),
                    ...(v.forwardedFromUnitId !== undefined && { fromUnitId: v.forwardedFromUnitId }),
                  },
                }
              : {}),
        };
        request = { ...common, mode: 'received', received, draft: draftFromValues(letter) };
      } else {
        const draftValues = await parts.current();
        if (!draftValues) return null;
        request = {
          ...common,
          mode: v.mode,
          ...(v.mode !== 'new' && v.parentId !== undefined && { parentId: v.parentId }),
          ...(confirmDuplicate && { confirmDuplicate: true }),
          draft: draftFromValues(draftValues),
        };
      }
      return { mode: v.mode, notice: await importNotice(request) };
    },
    onSuccess: async (res) => {
      if (!res) return;
      await client.invalidateQueries({ queryKey: noticeKeys.all });
      // A received notice is issued: its page, not the editor.
      if (res.mode === 'received') {
        message.success(tr.created);
        await navigate(`/notices/${String(res.notice.id)}`);
        return;
      }
      message.success(t.created);
      await navigate(`/notices/${String(res.notice.id)}/edit`, { state: { warnings: res.notice.warnings } });
    },
    onError: (e) => {
      setForwardDuplicate(e instanceof ApiError && e.code === 'NOTICE_ALREADY_FORWARDED');
      setDuplicate(duplicateOf(e));
      setError(errorMessage(e));
    },
  });

  const submit = (arg: { confirmDuplicate?: boolean; existingParentId?: number } = {}) => {
    setError(null);
    setDuplicate(null);
    create.mutate(arg);
  };

  function useAsParent(d: Duplicate) {
    if (d.existingId === null) return;
    // The forwarded notice is already here: the letter goes under it. A plain notice: this unit answers it.
    if (d.part === 'forwarded') {
      submit({ existingParentId: d.existingId });
      return;
    }
    setError(null);
    setDuplicate(null);
    form.setFieldsValue({ mode: 'forward', parentId: d.existingId });
  }

  const superiors = (issuers.data?.superiors ?? []).map((s) => ({
    value: s.unitId,
    label: s.aliases.length ? `${s.name}（${s.aliases.join('、')}）` : s.name,
  }));
  const duplicateActions =
    duplicate?.existingId != null ? (
      <Space orientation="vertical" size={4}>
        <Button
          size="small"
          onClick={() => {
            void navigate(`/notices/${String(duplicate.existingId)}`);
          }}
        >
          {tr.openExisting}
        </Button>
        {duplicate.usableAsParent && duplicate.part !== 'letter' && (
          <Button size="small" type="primary" onClick={() => useAsParent(duplicate)}>
            {tr.useAsParent}
          </Button>
        )}
      </Space>
    ) : undefined;

  return (
    <Modal
      open={open}
      title={t.createTitle}
      onCancel={onClose}
      okText={mode === 'received' ? tr.create : t.create}
      cancelText={messages.common.cancel}
      destroyOnHidden
      okButtonProps={{
        disabled: !issuer || (mode === 'received' && issuers.data?.superiors.length === 0),
        loading: create.isPending,
      }}
      onOk={() => submit()}
      width={680}
    >
      {!issuer && <Alert type="warning" showIcon title={t.noIssueRight} style={{ marginBottom: 12 }} />}
      {error && (
        <Alert
          type={forwardDuplicate || duplicate ? 'warning' : 'error'}
          showIcon
          title={error}
          style={{ marginBottom: 12 }}
          data-testid="import-create-error"
          action={
            forwardDuplicate ? (
              <Button size="small" type="primary" onClick={() => submit({ confirmDuplicate: true })}>
                {t.createAnyway}
              </Button>
            ) : (
              duplicateActions
            )
          }
        />
      )}
      {/* Enter in a field submits, as the OK button does. */}
      <Form
        form={form}
        layout="vertical"
        initialValues={{ mode: 'new', withForwarded: true }}
        preserve={false}
        onFinish={() => submit()}
      >
        <Form.Item name="mode" label={t.mode} extra={t.modeHints[mode]}>
          <Radio.Group
            optionType="button"
            options={IMPORT_MODES.map((m) => ({ value: m, label: t.modes[m] }))}
            onChange={() => {
              setError(null);
              setDuplicate(null);
            }}
          />
        </Form.Item>
        {mode === 'new' || mode === 'received' ? (
          <Form.Item
            name="campaignId"
            label={t.campaign}
            rules={[{ required: true, message: t.campaignRequired }]}
            extra={campaigns.data && live.length === 0 ? t.noLiveCampaign : undefined}
          >
            <Select
              loading={campaigns.isLoading}
              placeholder={t.campaignRequired}
              options={live.map((c) => ({ value: c.id, label: c.name }))}
            />
          </Form.Item>
        ) : (
          <Form.Item
            name="parentId"
            label={t.parent}
            rules={[{ required: true, message: t.parentRequired }]}
            extra={t.campaignOfParent}
          >
            <Select
              loading={inbox.isLoading}
              placeholder={t.parentRequired}
              showSearch={{ optionFilterProp: 'label' }}
              notFoundContent={t.parentEmpty}
              options={(inbox.data ?? []).map((i) => ({
                value: i.id,
                label: `${i.title}${i.docNumber ? `（${i.docNumber}）` : ''}${i.forwarded ? ` · ${t.forwardedTag}` : ''}`,
              }))}
            />
          </Form.Item>
        )}
        {mode === 'received' && (
          <>
            {issuers.data?.superiors.length === 0 && (
              <Alert type="warning" showIcon title={tr.noSuperior} style={{ marginBottom: 12 }} />
            )}
            {parts.forwarded && (
              <Form.Item
                name="withForwarded"
                valuePropName="checked"
                extra={withForwarded && parts.forwardedTitle ? tr.withForwardedHint(parts.forwardedTitle) : undefined}
              >
                <Checkbox>{tr.withForwarded}</Checkbox>
              </Form.Item>
            )}
            {withForwarded && (
              <Form.Item
                name="forwardedFromUnitId"
                label={tr.forwardedIssuer}
                rules={[{ required: true, message: tr.issuerRequired }]}
                extra={choiceHint(issuers.data?.forwarded, written?.forwarded ?? null)}
              >
                <Select loading={issuers.isLoading} options={superiors} placeholder={tr.issuerRequired} />
              </Form.Item>
            )}
            <Form.Item
              name="fromUnitId"
              label={withForwarded ? tr.letterIssuer : tr.issuer}
              rules={[{ required: true, message: tr.issuerRequired }]}
              extra={choiceHint(issuers.data?.letter, letterWritten)}
            >
              <Select loading={issuers.isLoading} options={superiors} placeholder={tr.issuerRequired} />
            </Form.Item>
            {issuer && <Typography.Paragraph type="secondary">{tr.recipients(issuer.unitName)}</Typography.Paragraph>}
          </>
        )}
        {fileName && <Typography.Paragraph type="secondary">{t.originalNote(fileName)}</Typography.Paragraph>}
        <button type="submit" hidden aria-hidden />
      </Form>
    </Modal>
  );
}
