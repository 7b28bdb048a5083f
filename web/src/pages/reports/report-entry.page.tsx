import { ArrowLeftOutlined, DownloadOutlined } from '@ant-design/icons';
import { useQuery, useQueryClient } from '@tanstack/react-query';
import {
  Alert,
  App,
  Button,
  Card,
  Col,
  DatePicker,
  Descriptions,
  Input,
  Popconfirm,
  Row,
  Space,
  Tag,
  Typography,
} from 'antd';
import dayjs from 'dayjs';
import { useCallback, useEffect, useMemo, useRef, useState } from 'react';
import { useNavigate, useParams } from 'react-router';
import { checkFigures, type FiguresCheck } from '../../../../domain/forms/figures-validation.ts';
import type { FormDefinition } from '../../../../domain/forms/form.ts';
import { todayInShanghai } from '../../../../domain/i18n/format.ts';
import { ApiError, errorMessage } from '../../api/client.ts';
import { getNotice, noticeKeys } from '../../api/notices.api.ts';
import { clearDraft, loadDraft, saveDraft as storeDraft } from '../../auth/form-drafts.ts';
import { useSession } from '../../auth/use-session.ts';
import { messages } from '../../i18n/zh-CN.ts';
import { formatDateTime } from '../../shared/format.ts';
import { PageSpinner } from '../../shared/lazy-page.tsx';
import { htmlToText, textToHtml } from '../notices/notice-format.ts';
import { ReviewActions } from '../review/review-actions.tsx';
import { builtinForm, figureText, parseFigure } from './figures.ts';
import {
  getReport,
  reportKeys,
  reportXlsxUrl,
  saveReport,
  submitReport,
  type Figure,
  type ReportSignature,
  type ReportView,
} from './reports.api.ts';
import { ReportMedia } from './report-media.tsx';
import { ActivitiesSection } from './activities-section.tsx';
import { RequiredParts } from './required-parts.tsx';
import { ReportStatusTag } from './status-tag.tsx';
import { UnlockPanel } from './unlock-panel.tsx';
import { StatsTable } from './stats-table.tsx';

const t = messages.reporting.entry;
const tr = messages.reporting.review;
const DATE = 'YYYY-MM-DD';
const LATE_BLOCKED = (deadline: string) =>
  `已过截止日期（${deadline}），发文单位设置了截止后不允许提交，请联系发文单位`;
const AUTOSAVE_MS = 1500;
const NO_CHECK: FiguresCheck = { cells: [], rules: [], blocking: false, needsExplanation: false };

/** What the user typed: kept in sessionStorage until the server has it. */
interface Draft {
  texts: string[];
  summary: string;
  explanation: string;
  signature: ReportSignature;
  baseVersion: number;
}

const emptySignature: ReportSignature = { reporter: null, reviewer: null, phone: null, date: null };
const draftKey = (noticeId: number, unitId: number) => `report:${noticeId}:${unitId}`;
const timeOf = (d: Date) => formatDateTime(d.toISOString()).slice(11);
const blankToNull = (s: string | null) => (s && s.trim() ? s.trim() : null);

function fromServer(r: ReportView): Draft {
  return {
    texts: r.figures.map(figureText),
    summary: r.summary ? htmlToText(r.summary) : '',
    explanation: r.explanation ?? '',
    signature: r.signature ?? emptySignature,
    baseVersion: r.version,
  };
}

const toFigures = (texts: string[]): Figure[] => texts.map((s) => parseFigure(s) ?? null);
const contentOf = (d: Draft): string =>
  JSON.stringify([
    toFigures(d.texts),
    d.summary.trim(),
    blankToNull(d.explanation),
    d.signature.reporter,
    d.signature.reviewer,
    d.signature.phone,
    d.signature.date,
  ]);

export default function ReportEntryPage() {
  const params = useParams();
  const noticeId = Number(params.id);
  const unitId = Number(params.unitId);
  const valid = Number.isInteger(noticeId) && noticeId > 0 && Number.isInteger(unitId) && unitId > 0;
  // Always fresh when the page opens: the editor keeps its own state from then on.
  const q = useQuery({
    queryKey: reportKeys.report(noticeId, unitId),
    queryFn: () => getReport(noticeId, unitId),
    enabled: valid,
    gcTime: 0,
    refetchOnWindowFocus: false,
    retry: false,
  });
  const navigate = useNavigate();
  const [generation, setGeneration] = useState(0);

  if (q.isPending) return <PageSpinner />;
  if (q.isError) {
    return (
      <Card>
        <Alert
          type="error"
          showIcon
          title={errorMessage(q.error)}
          action={
            <Button
              onClick={() => {
                void navigate(-1);
              }}
            >
              {t.back}
            </Button>
          }
        />
      </Card>
    );
  }
  // A notice without a statistics table: the report is its other parts (summary, media, files).
  const form = q.data.form ? builtinForm(q.data.form.code, q.data.form.version) : null;
  if (q.data.form && !form)
    return (
      <Card>
        <Alert type="warning" showIcon title={t.formUnknown(q.data.form.code)} />
      </Card>
    );
  // 重新加载 starts the editor afresh from the server.
  const reload = async () => {
    await q.refetch();
    setGeneration((g) => g + 1);
  };
  return (
    <ReportEditor
      key={generation}
      initial={q.data}
      form={form}
      onReload={() => {
        void reload();
      }}
    />
  );
}

function ReportEditor({
  initial,
  form,
  onReload,
}: {
  initial: ReportView;
  form: FormDefinition | null;
  onReload: () => void;
}) {
  const { message } = App.useApp();
  const navigate = useNavigate();
  const client = useQueryClient();
  const key = draftKey(initial.noticeId, initial.unitId);

  const [report, setReport] = useState(initial);
  const { user } = useSession();
  const ownUnit = user.roles.some((g) => g.unitId === initial.unitId);
  const editable = report.can.edit;
  // A draft left unsaved (closed tab, expired session) comes back when the report can still be edited.
  const [restored] = useState(() => {
    const stored = loadDraft<Draft>(key);
    if (
      !stored ||
      !initial.can.edit ||
      !Array.isArray(stored.texts) ||
      stored.texts.length !== (form?.indicators.length ?? 0)
    )
      return null;
    const draft = { ...fromServer(initial), ...stored };
    // A save sent as the tab closed may have landed without its answer: then the server already has it all.
    if (contentOf(draft) === contentOf(fromServer(initial))) {
      clearDraft(key);
      return null;
    }
    return draft;
  });
  const [draft, setDraft] = useState<Draft>(() => restored ?? fromServer(initial));
  const [saveState, setSaveState] = useState<'idle' | 'dirty' | 'saving' | 'saved' | 'error'>(
    restored ? 'dirty' : 'idle',
  );
  const [savedAt, setSavedAt] = useState<Date | null>(null);
  const [saveError, setSaveError] = useState<string | null>(null);
  const [conflict, setConflict] = useState<ApiError | null>(null);
  const [submitting, setSubmitting] = useState(false);

  const draftRef = useRef(draft);
  const versionRef = useRef(restored ? restored.baseVersion : initial.version);
  const editSeq = useRef(restored ? 1 : 0);
  const savedSeq = useRef(0);
  const inFlight = useRef<Promise<void> | null>(null);
  const timer = useRef<number | undefined>(undefined);
  const conflictRef = useRef(false);
  const idRef = useRef(initial.id);

  const publish = useCallback(
    (r: ReportView) => {
      idRef.current = r.id;
      setReport(r);
      client.setQueryData(reportKeys.report(r.noticeId, r.unitId), r);
      void client.invalidateQueries({ queryKey: reportKeys.all, predicate: (qq) => qq.queryKey[1] !== 'one' });
    },
    [client],
  );

  const runSave = useCallback(async (): Promise<void> => {
    const seq = editSeq.current;
    const d = draftRef.current;
    setSaveState('saving');
    try {
      const r = await saveReport(report.noticeId, report.unitId, {
        version: versionRef.current,
        figures: toFigures(d.texts),
        summary: d.summary.trim() ? textToHtml(d.summary) : null,
        explanation: blankToNull(d.explanation),
        signature: d.signature,
      });
      versionRef.current = r.version;
      savedSeq.current = seq;
      publish(r);
      setSavedAt(new Date());
      setSaveError(null);
      if (seq === editSeq.current) {
        clearDraft(key);
        setSaveState('saved');
      } else {
        storeDraft(key, { ...draftRef.current, baseVersion: r.version });
        setSaveState('dirty');
      }
    } catch (e) {
      if (e instanceof ApiError && e.status === 409) {
        conflictRef.current = true;
        setConflict(e);
      }
      setSaveError(errorMessage(e));
      setSaveState('error');
    }
  }, [key, publish, report.noticeId, report.unitId]);

  /** Saves now if anything is unsaved; resolves true when the server has everything typed. */
  const flush = useCallback(async (): Promise<boolean> => {
    window.clearTimeout(timer.current);
    while (inFlight.current) await inFlight.current;
    if (savedSeq.current === editSeq.current) return true;
    if (conflictRef.current) return false;
    const p = runSave();
    inFlight.current = p;
    await p;
    inFlight.current = null;
    return savedSeq.current === editSeq.current;
  }, [runSave]);

  const schedule = useCallback(() => {
    window.clearTimeout(timer.current);
    timer.current = window.setTimeout(() => {
      void flush();
    }, AUTOSAVE_MS);
  }, [flush]);

  const edit = useCallback(
    (update: (d: Draft) => Draft) => {
      const next = { ...update(draftRef.current), baseVersion: versionRef.current };
      draftRef.current = next;
      editSeq.current += 1;
      storeDraft(key, next);
      setDraft(next);
      setSaveState('dirty');
      schedule();
    },
    [key, schedule],
  );

  // A restored draft goes to the server straight away; leaving the page or the tab saves what is pending.
  useEffect(() => {
    if (restored) void flush();
    const onHidden = () => {
      if (document.visibilityState === 'hidden') void flush();
    };
    document.addEventListener('visibilitychange', onHidden);
    return () => {
      document.removeEventListener('visibilitychange', onHidden);
      window.clearTimeout(timer.current);
      if (savedSeq.current !== editSeq.current && !conflictRef.current) void flush();
    };
  }, [flush, restored]);

  const figures = useMemo(() => toFigures(draft.texts), [draft.texts]);
  const check = useMemo(() => (form ? checkFigures(form, figures) : NO_CHECK), [form, figures]);
  const notice = useQuery({
    queryKey: noticeKeys.detail(report.noticeId),
    queryFn: () => getNotice(report.noticeId),
    enabled: form === null,
  });
  const problems = useMemo(() => {
    const map = new Map<number, string>();
    const at = new Map((form?.indicators ?? []).map((ind, i) => [ind.code, i]));
    for (const c of check.cells) {
      const i = at.get(c.code);
      if (i !== undefined) map.set(i, c.message);
    }
    draft.texts.forEach((s, i) => {
      if (parseFigure(s) === undefined) map.set(i, t.notNumber);
    });
    return map;
  }, [check, draft.texts, form]);
  const failed = check.rules.filter((r) => !r.passed);
  const blockers = problems.size + failed.filter((r) => r.rule.level === 'error').length;
  // The reviewer's view of a resubmission: what changed since the submission that was returned.
  const showChanged = report.status === 'submitted' && report.changed.length > 0;
  // The reviewer's comments on single figures, beside their cells while the report is back with the unit.
  const figureComments = useMemo(
    () =>
      (form?.indicators ?? []).flatMap((ind) => {
        const comment = report.status === 'returned' ? report.figureComments?.[ind.code] : undefined;
        return comment ? [{ code: ind.code, label: ind.label, comment }] : [];
      }),
    [form, report.status, report.figureComments],
  );
  const commentCells = useMemo(
    () =>
      new Map(figureComments.map((x) => [(form?.indicators ?? []).findIndex((ind) => ind.code === x.code), x.comment])),
    [figureComments, form],
  );
  // A first submission after the deadline the issuer closed (its own office may still enter it on the unit's behalf).
  const lateBlocked =
    report.can.submit &&
    report.blockLate &&
    report.status === 'draft' &&
    report.deadline !== null &&
    todayInShanghai() > report.deadline &&
    ownUnit;

  const reload = () => {
    clearDraft(key);
    onReload();
  };

  async function submit(): Promise<void> {
    if (blockers > 0) {
      message.error(t.fixFirst(blockers));
      return;
    }
    if (check.needsExplanation && !draft.explanation.trim()) {
      message.error(t.explanationRequired);
      return;
    }
    setSubmitting(true);
    try {
      if (idRef.current === null && savedSeq.current === editSeq.current) editSeq.current += 1; // nothing typed yet: create the report first
      if (!(await flush())) return;
      const id = idRef.current;
      if (id === null) return;
      const r = await submitReport(id, versionRef.current);
      versionRef.current = r.version;
      clearDraft(key);
      publish(r);
      message.success(t.submitted);
    } catch (e) {
      if (e instanceof ApiError && e.status === 409) {
        conflictRef.current = true;
        setConflict(e);
      } else message.error(errorMessage(e));
    } finally {
      setSubmitting(false);
    }
  }

  const saveLabel =
    saveState === 'saving' ? t.saving : saveState === 'dirty' ? t.unsaved : savedAt ? t.savedAt(timeOf(savedAt)) : null;
  const sig = draft.signature;
  const setSig = (patch: Partial<ReportSignature>) => {
    edit((d) => ({ ...d, signature: { ...d.signature, ...patch } }));
  };

  return (
    <Space orientation="vertical" size="middle" style={{ width: '100%' }}>
      <Card
        title={
          <Space wrap>
            <Button
              type="text"
              icon={<ArrowLeftOutlined />}
              aria-label={t.back}
              onClick={() => {
                void navigate(-1);
              }}
            />
            <span data-testid="report-title">{form?.title ?? notice.data?.title ?? ''}</span>
            <ReportStatusTag status={report.id === null ? 'not_started' : report.status} />
            {report.late && <Tag color="red">{t.lateTag}</Tag>}
            {report.onBehalf && <Tag color="purple">{messages.reporting.onBehalf}</Tag>}
          </Space>
        }
        extra={
          <Space>
            {editable && saveLabel && (
              <Typography.Text type={saveState === 'error' ? 'danger' : 'secondary'} data-testid="save-state">
                {saveLabel}
              </Typography.Text>
            )}
            {report.id !== null && form && (
              <Button icon={<DownloadOutlined />} href={reportXlsxUrl(report.noticeId, report.unitId)} download>
                {t.downloadXlsx}
              </Button>
            )}
          </Space>
        }
      >
        <Space orientation="vertical" size="middle" style={{ width: '100%' }}>
          <Descriptions
            size="small"
            column={{ xs: 1, md: 3 }}
            items={[
              { key: 'unit', label: messages.reporting.list.unit, children: report.unitName },
              ...(report.submittedAt
                ? [{ key: 'sub', label: tr.submittedAt, children: formatDateTime(report.submittedAt) }]
                : []),
            ]}
          />
          {report.status === 'returned' && report.returnReason && (
            <Alert
              type="error"
              showIcon
              data-testid="return-reason"
              title={t.returnedTitle}
              description={
                <Space orientation="vertical" size={4}>
                  <Typography.Text strong>{t.returnReason(report.returnReason)}</Typography.Text>
                  {figureComments.length > 0 && (
                    <ul style={{ margin: 0, paddingInlineStart: 20 }} data-testid="figure-comments">
                      {figureComments.map((x) => (
                        <li key={x.code}>
                          <Typography.Text>{`${x.label}：${x.comment}`}</Typography.Text>
                        </li>
                      ))}
                    </ul>
                  )}
                </Space>
              }
            />
          )}
          {report.status === 'submitted' && report.submittedAt && !report.can.accept && (
            <Alert type="info" showIcon title={t.submittedInfo(formatDateTime(report.submittedAt))} />
          )}
          {report.status === 'accepted' && (
            <Alert
              type="success"
              showIcon
              data-testid="accepted-info"
              title={t.acceptedInfo(formatDateTime(report.acceptedAt))}
            />
          )}
          <UnlockPanel report={report} onChanged={publish} onReload={reload} />
          {lateBlocked && (
            <Alert type="error" showIcon data-testid="late-blocked" title={LATE_BLOCKED(report.deadline ?? '')} />
          )}
          {restored && saveState !== 'error' && editSeq.current === 1 && (
            <Alert type="info" showIcon closable title={t.restored} />
          )}
          {conflict && (
            <Alert
              type="error"
              showIcon
              data-testid="stale-edit"
              title={`${t.stale}：${conflict.message}`}
              action={
                <Button danger onClick={reload}>
                  {t.reload}
                </Button>
              }
            />
          )}
          {!conflict && saveState === 'error' && saveError && (
            <Alert type="error" showIcon title={t.saveFailed(saveError)} />
          )}
          {showChanged && <Alert type="warning" showIcon data-testid="changed-note" title={tr.changedNote} />}
          {(report.can.return || report.can.accept) && (
            <ReviewActions report={report} form={form ?? undefined} onDone={publish} />
          )}
          <RequiredParts parts={report.parts} />
        </Space>
      </Card>

      <Card size="small" title={<Typography.Text strong>{form?.title ?? t.partsTitle}</Typography.Text>}>
        <div
          onBlur={(e) => {
            if (editable && !e.currentTarget.contains(e.relatedTarget)) void flush();
          }}
        >
          <Typography.Paragraph type="secondary">{t.unitLine(report.unitName)}</Typography.Paragraph>
          {form && (
            <>
              <StatsTable
                form={form}
                texts={editable ? draft.texts : report.figures.map(figureText)}
                readOnly={!editable}
                problems={editable ? problems : undefined}
                changed={showChanged ? new Set(report.changed) : undefined}
                comments={commentCells}
                onChange={(i, text) => {
                  edit((d) => ({ ...d, texts: d.texts.map((s, k) => (k === i ? text : s)) }));
                }}
                onChangeMany={(start, cells) => {
                  edit((d) => ({
                    ...d,
                    texts: d.texts.map((s, k) =>
                      k >= start && k < start + cells.length ? (cells[k - start] ?? s) : s,
                    ),
                  }));
                }}
              />

              <div style={{ marginTop: 16 }} data-testid="rules">
                <Typography.Title level={5}>{t.rules}</Typography.Title>
                {failed.length === 0 && problems.size === 0 ? (
                  <Alert type="success" showIcon title={t.rulesOk} />
                ) : (
                  <Space orientation="vertical" style={{ width: '100%' }}>
                    {problems.size > 0 && <Alert type="error" showIcon title={t.fixFirst(problems.size)} />}
                    {failed.map((r) => (
                      <Alert
                        key={r.rule.expr}
                        showIcon
                        type={r.rule.level === 'error' ? 'error' : 'warning'}
                        data-testid={`rule-${r.rule.level}`}
                        title={r.rule.message}
                      />
                    ))}
                  </Space>
                )}
              </div>

              {(check.needsExplanation || draft.explanation) && (
                <div style={{ marginTop: 16 }}>
                  <Typography.Title level={5}>{t.explanation}</Typography.Title>
                  {check.needsExplanation && (
                    <Typography.Paragraph type="warning">{t.explanationHint}</Typography.Paragraph>
                  )}
                  <Input.TextArea
                    aria-label={t.explanation}
                    rows={3}
                    maxLength={5000}
                    readOnly={!editable}
                    status={check.needsExplanation && !draft.explanation.trim() ? 'error' : undefined}
                    value={editable ? draft.explanation : (report.explanation ?? '')}
                    onChange={(e) => {
                      edit((d) => ({ ...d, explanation: e.target.value }));
                    }}
                  />
                </div>
              )}
            </>
          )}

          <div style={{ marginTop: 16 }}>
            <Typography.Title level={5}>{t.summary}</Typography.Title>
            <Input.TextArea
              aria-label={t.summary}
              rows={5}
              placeholder={t.summaryHint}
              readOnly={!editable}
              value={editable ? draft.summary : report.summary ? htmlToText(report.summary) : ''}
              onChange={(e) => {
                edit((d) => ({ ...d, summary: e.target.value }));
              }}
            />
          </div>

          {form && (
            <div style={{ marginTop: 16 }}>
              <Typography.Title level={5}>{t.signature}</Typography.Title>
              <Row gutter={[16, 8]}>
                {(['reporter', 'reviewer', 'phone'] as const).map((f) => (
                  <Col key={f} xs={24} md={6}>
                    <Space.Compact style={{ width: '100%' }}>
                      <Space.Addon>{t[f]}</Space.Addon>
                      <Input
                        aria-label={t[f]}
                        maxLength={40}
                        readOnly={!editable}
                        value={(editable ? sig[f] : report.signature?.[f]) ?? ''}
                        onChange={(e) => {
                          setSig({ [f]: e.target.value || null });
                        }}
                      />
                    </Space.Compact>
                  </Col>
                ))}
                <Col xs={24} md={6}>
                  <Space.Compact style={{ width: '100%' }}>
                    <Space.Addon>{t.date}</Space.Addon>
                    <DatePicker
                      aria-label={t.date}
                      format={DATE}
                      style={{ width: '100%' }}
                      disabled={!editable}
                      value={
                        (editable ? sig.date : report.signature?.date)
                          ? dayjs((editable ? sig.date : report.signature?.date) ?? '', DATE)
                          : null
                      }
                      onChange={(d) => {
                        setSig({ date: d ? d.format(DATE) : null });
                      }}
                    />
                  </Space.Compact>
                </Col>
              </Row>
            </div>
          )}
        </div>

        <div style={{ marginTop: 16 }}>
          <ReportMedia report={report} />
        </div>

        {report.can.submit && (
          <div style={{ marginTop: 24, textAlign: 'center' }}>
            <Popconfirm
              title={t.submitConfirm}
              okText={t.submit}
              cancelText={messages.common.cancel}
              onConfirm={() => submit()}
            >
              <Button
                type="primary"
                size="large"
                loading={submitting}
                disabled={conflict !== null}
                data-testid="submit-report"
              >
                {t.submit}
              </Button>
            </Popconfirm>
          </div>
        )}
      </Card>

      <ActivitiesSection noticeId={report.noticeId} unitId={report.unitId} status={report.status} />
    </Space>
  );
}
