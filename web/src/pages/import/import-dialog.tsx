import { DownloadOutlined, InboxOutlined } from '@ant-design/icons';
import { Alert, Button, Modal, Space, Spin, Steps, Table, Typography, Upload } from 'antd';
import type { TableColumnsType, UploadFile } from 'antd';
import { useEffect, useRef, useState } from 'react';
import { useLocation, useNavigate } from 'react-router';
import { ApiError, errorMessage } from '../../api/client.ts';
import { useSession } from '../../auth/use-session.ts';
import { messages } from '../../i18n/zh-CN.ts';
import { uploadFile } from '../../shared/upload-file.ts';

const t = messages.bulkImport;
const MAX_BYTES = 10 * 1024 * 1024;

export interface ImportIssue {
  row: number;
  column: string;
  message: string;
}

/** What the dry run (or a refused real run) found. */
type Check =
  | { kind: 'ready'; rows: number }
  | { kind: 'issues'; title: string; issues: ImportIssue[] }
  | { kind: 'error'; message: string };

interface Props<T extends { rows: number }> {
  title: string;
  /** POST endpoint taking one multipart file; `?dryRun=true` checks without saving. */
  endpoint: string;
  templateUrl: string;
  /** How to fill in the sheet, shown under the template link. */
  hint: string;
  onClose: () => void;
  /** After the real run saved everything; the caller closes the dialog and refreshes its list. */
  onImported: (result: T) => void;
}

function issuesOf(error: ApiError): ImportIssue[] {
  const raw = error.details.issues;
  if (!Array.isArray(raw)) return [];
  return raw.flatMap((item: unknown) => {
    if (typeof item !== 'object' || item === null) return [];
    const r = item as Record<string, unknown>;
    return typeof r.message === 'string'
      ? [
          {
            row: typeof r.row === 'number' ? r.row : 0,
            column: typeof r.column === 'string' ? r.column : '',
            message: r.message,
          },
        ]
      : [];
  });
}

/** Refuses, before any upload, what the server would refuse anyway. */
function localProblem(file: File): string | null {
  const name = file.name.toLowerCase();
  if (name.endsWith('.xls')) return t.oldXls;
  if (!name.endsWith('.xlsx') && !name.endsWith('.csv')) return t.wrongType;
  if (file.size > MAX_BYTES) return t.tooLarge;
  return null;
}

const issueColumns: TableColumnsType<ImportIssue & { key: number }> = [
  { title: t.row, dataIndex: 'row', width: 64 },
  { title: t.column, dataIndex: 'column', width: 120 },
  { title: t.problem, dataIndex: 'message' },
];

/**
 * Bulk import in three steps: choose a sheet (with the template at hand), check it on the server
 * without saving (every problem listed by row and column), then import all rows or none.
 */
export function ImportDialog<T extends { rows: number }>({
  title,
  endpoint,
  templateUrl,
  hint,
  onClose,
  onImported,
}: Props<T>) {
  const { csrfToken } = useSession();
  const navigate = useNavigate();
  const location = useLocation();
  const [file, setFile] = useState<File | null>(null);
  const [check, setCheck] = useState<Check | null>(null);
  const [busy, setBusy] = useState<'checking' | 'importing' | null>(null);
  const aborter = useRef<AbortController | null>(null);

  // A check still running when the dialog closes is of no use; an import is left to finish on the server.
  useEffect(() => () => aborter.current?.abort(), []);

  function choose(next: File) {
    aborter.current?.abort();
    setBusy(null);
    const problem = localProblem(next);
    setFile(problem ? null : next);
    setCheck(problem ? { kind: 'error', message: problem } : null);
    if (!problem) void run(next, true);
  }

  function clear() {
    aborter.current?.abort();
    setBusy(null);
    setFile(null);
    setCheck(null);
  }

  async function run(f: File, dryRun: boolean) {
    const controller = new AbortController();
    aborter.current = dryRun ? controller : null;
    setBusy(dryRun ? 'checking' : 'importing');
    try {
      const result = await uploadFile<T>(endpoint, f, {
        csrfToken,
        query: dryRun ? { dryRun: 'true' } : {},
        signal: controller.signal,
      });
      if (dryRun)
        setCheck(result.rows > 0 ? { kind: 'ready', rows: result.rows } : { kind: 'error', message: t.noRows });
      else onImported(result);
    } catch (error) {
      if (error instanceof DOMException && error.name === 'AbortError') return;
      if (
        error instanceof ApiError &&
        error.status === 401 &&
        (error.code === 'SESSION_EXPIRED' || error.code === 'UNAUTHENTICATED')
      ) {
        // As the JSON client does: back to login, then here again.
        void navigate(`/login?next=${encodeURIComponent(location.pathname + location.search)}&expired=1`, {
          replace: true,
        });
        return;
      }
      const issues = error instanceof ApiError && error.code === 'IMPORT_FAILED' ? issuesOf(error) : [];
      setCheck(
        issues.length
          ? { kind: 'issues', title: errorMessage(error), issues }
          : { kind: 'error', message: errorMessage(error) },
      );
    } finally {
      if (!controller.signal.aborted) setBusy(null);
    }
  }

  const ready = check?.kind === 'ready' && file !== null;
  const step = !file ? 0 : ready ? 2 : 1;
  const stepStatus = busy ? 'process' : check && check.kind !== 'ready' ? 'error' : 'process';
  const fileList: UploadFile[] = file ? [{ uid: 'chosen', name: file.name, size: file.size, status: 'done' }] : [];

  return (
    <Modal
      open
      title={title}
      width={720}
      maskClosable={false}
      keyboard={busy !== 'importing'}
      closable={busy !== 'importing'}
      onCancel={() => {
        if (busy !== 'importing') onClose();
      }}
      footer={
        <Space>
          <Button onClick={onClose} disabled={busy === 'importing'}>
            {messages.common.cancel}
          </Button>
          <Button
            type={ready ? 'default' : 'primary'}
            disabled={!file || busy !== null}
            loading={busy === 'checking'}
            onClick={() => {
              if (file) void run(file, true);
            }}
          >
            {check ? t.recheck : t.check}
          </Button>
          <Button
            type="primary"
            disabled={!ready || busy === 'checking'}
            loading={busy === 'importing'}
            onClick={() => {
              if (file) void run(file, false);
            }}
          >
            {t.confirm}
          </Button>
        </Space>
      }
    >
      <Steps
        size="small"
        current={step}
        status={stepStatus}
        style={{ marginBottom: 20 }}
        items={[{ title: t.stepFile }, { title: t.stepCheck }, { title: t.stepImport }]}
      />
      <Space orientation="vertical" style={{ width: '100%' }} size="middle">
        <div>
          <Button type="link" icon={<DownloadOutlined />} href={templateUrl} download style={{ paddingInline: 0 }}>
            {t.template}
          </Button>
          <Typography.Paragraph type="secondary" style={{ marginBottom: 0 }}>
            {t.templateHint}
          </Typography.Paragraph>
          <Typography.Paragraph type="secondary" style={{ marginBottom: 0 }}>
            {hint}
          </Typography.Paragraph>
        </div>
        <Upload.Dragger
          accept=".xlsx,.csv"
          multiple={false}
          maxCount={1}
          fileList={fileList}
          disabled={busy === 'importing'}
          beforeUpload={(f) => {
            choose(f);
            return false;
          }}
          onRemove={() => {
            clear();
            return true;
          }}
        >
          <p className="ant-upload-drag-icon">
            <InboxOutlined />
          </p>
          <p className="ant-upload-text">{t.dropHint}</p>
          <p className="ant-upload-hint">{t.dropTypes}</p>
        </Upload.Dragger>
        <div data-testid="import-result" aria-live="polite">
          {busy === 'checking' && (
            <Space>
              <Spin size="small" />
              <Typography.Text type="secondary">{t.checking}</Typography.Text>
            </Space>
          )}
          {busy === 'importing' && <Alert type="info" showIcon icon={<Spin size="small" />} title={t.importing} />}
          {!busy && check?.kind === 'ready' && (
            <Alert type="success" showIcon title={t.readyTitle(check.rows)} description={t.readyText} />
          )}
          {!busy && check?.kind === 'error' && <Alert type="error" showIcon title={check.message} />}
          {!busy && check?.kind === 'issues' && (
            <div data-testid="import-issues">
              <Alert
                type="error"
                showIcon
                title={check.title}
                description={t.issuesHint}
                style={{ marginBottom: 12 }}
              />
              <Table
                size="small"
                columns={issueColumns}
                dataSource={check.issues.map((i, key) => ({ ...i, key }))}
                pagination={{ pageSize: 8, hideOnSinglePage: true, size: 'small' }}
              />
              {check.issues.length >= 500 && (
                <Typography.Text type="secondary">{t.issuesTruncated(check.issues.length)}</Typography.Text>
              )}
            </div>
          )}
          {!busy && !check && file && <Typography.Text type="secondary">{t.checkFirst}</Typography.Text>}
        </div>
      </Space>
    </Modal>
  );
}
