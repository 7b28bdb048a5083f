import { CloseOutlined, InboxOutlined, PauseOutlined, CaretRightOutlined } from '@ant-design/icons';
import { Alert, Button, Progress, Space, Typography, Upload } from 'antd';
import { useCallback, useEffect, useRef, useState } from 'react';
import * as tus from 'tus-js-client';
import { errorMessage, getCsrfToken } from '../api/client.ts';
import { finishUpload, formatSize, type FileView } from '../api/files.api.ts';

const L = {
  drop: '点击或拖动文件到此处上传',
  resumeNote: '支持断点续传：网络中断或关闭页面后，重新选择同一文件即从中断处继续。',
  uploading: '上传中',
  paused: '已暂停',
  checking: '正在校验文件…',
  failed: '上传失败',
  pause: '暂停',
  resume: '继续',
  cancel: '取消',
  dismiss: '关闭',
  empty: (name: string) => `文件“${name}”是空文件（0 字节），请重新选择`,
  offline: '网络连接中断，上传已暂停；恢复网络后点击“继续”，将从中断处接着上传',
  generic: '上传失败，请稍后重试',
};

type Status = 'uploading' | 'paused' | 'finishing' | 'error';
interface Item {
  key: string;
  name: string;
  size: number;
  status: Status;
  sent: number;
  error?: string | undefined;
}

/** The Chinese message of a failed tus request: the API's {"error":{message}}, else a network hint. */
function tusErrorMessage(err: Error): string {
  const res = (err as tus.DetailedError).originalResponse;
  if (!res) return L.offline;
  try {
    const body = JSON.parse(res.getBody()) as { error?: { message?: unknown } };
    if (typeof body.error?.message === 'string') return body.error.message;
  } catch {
    /* not JSON */
  }
  return res.getStatus() === 0 ? L.offline : L.generic;
}

export interface MediaUploaderProps {
  /** input accept, e.g. "image/*,video/*" */
  accept: string;
  multiple?: boolean;
  disabled?: boolean;
  hint?: string;
  /** Each stored file (content checked by the server); a rejection is shown on that file's row. */
  onUploaded: (file: FileView) => Promise<void>;
  'data-testid'?: string;
}

/**
 * Resumable uploads (tus): a progress bar per file, pause / continue / cancel, automatic retries, and resume
 * after a dropped connection or from another tab (tus-js-client remembers the upload URL in localStorage).
 */
export function MediaUploader({
  accept,
  multiple = true,
  disabled,
  hint,
  onUploaded,
  'data-testid': testId,
}: MediaUploaderProps) {
  const [items, setItems] = useState<Item[]>([]);
  const uploads = useRef(new Map<string, tus.Upload>());
  const onUploadedRef = useRef(onUploaded);
  useEffect(() => {
    onUploadedRef.current = onUploaded;
  }, [onUploaded]);
  // Leaving the page pauses the transfers (they can be resumed later from the same file).
  useEffect(() => {
    const current = uploads.current;
    return () => {
      for (const u of current.values()) void u.abort(false);
    };
  }, []);

  const patch = useCallback((key: string, p: Partial<Item>) => {
    setItems((list) => list.map((i) => (i.key === key ? { ...i, ...p } : i)));
  }, []);
  const drop = useCallback((key: string) => {
    uploads.current.delete(key);
    setItems((list) => list.filter((i) => i.key !== key));
  }, []);

  const start = useCallback(
    (file: File) => {
      const key = `${file.name}-${file.size}-${file.lastModified}-${Math.random().toString(36).slice(2)}`;
      if (file.size === 0) {
        setItems((list) => [
          ...list,
          { key, name: file.name, size: 0, status: 'error', sent: 0, error: L.empty(file.name) },
        ]);
        return;
      }
      const upload = new tus.Upload(file, {
        endpoint: '/api/uploads',
        chunkSize: 8 * 1024 * 1024,
        retryDelays: [0, 1000, 3000, 5000, 10000, 20000],
        metadata: { filename: file.name, filetype: file.type },
        headers: { 'x-csrf-token': getCsrfToken() ?? '' },
        storeFingerprintForResuming: true,
        removeFingerprintOnSuccess: true,
        onProgress: (sent) => {
          patch(key, { sent, status: 'uploading' });
        },
        onError: (err) => {
          patch(key, { status: 'error', error: tusErrorMessage(err) });
        },
        onSuccess: () => {
          patch(key, { status: 'finishing', sent: file.size });
          const id = (upload.url ?? '').split('/').pop() ?? '';
          void finishUpload(id)
            .then((stored) => onUploadedRef.current(stored))
            .then(() => {
              drop(key);
            })
            .catch((e: unknown) => {
              patch(key, { status: 'error', error: errorMessage(e) });
            });
        },
      });
      uploads.current.set(key, upload);
      setItems((list) => [...list, { key, name: file.name, size: file.size, status: 'uploading', sent: 0 }]);
      void upload.findPreviousUploads().then((previous) => {
        const last = previous[0];
        if (last) upload.resumeFromPreviousUpload(last);
        upload.start();
      });
    },
    [drop, patch],
  );

  const pause = (key: string) => {
    void uploads.current.get(key)?.abort(false);
    patch(key, { status: 'paused' });
  };
  const resume = (key: string) => {
    const u = uploads.current.get(key);
    if (!u) return;
    // A fresh CSRF token in case the user logged in again meanwhile.
    u.options.headers = { ...u.options.headers, 'x-csrf-token': getCsrfToken() ?? '' };
    patch(key, { status: 'uploading', error: undefined });
    u.start();
  };
  const cancel = (key: string) => {
    const u = uploads.current.get(key);
    if (u) void u.abort(true).catch(() => undefined);
    drop(key);
  };

  return (
    <Space orientation="vertical" style={{ width: '100%' }} data-testid={testId}>
      <Upload.Dragger
        accept={accept}
        multiple={multiple}
        disabled={disabled}
        showUploadList={false}
        beforeUpload={(file) => {
          start(file);
          return false;
        }}
      >
        <p className="ant-upload-drag-icon">
          <InboxOutlined />
        </p>
        <p className="ant-upload-text">{L.drop}</p>
        <p className="ant-upload-hint">
          {hint ? `${hint} ` : ''}
          {L.resumeNote}
        </p>
      </Upload.Dragger>
      {items.map((i) => {
        const percent = i.size ? Math.floor((i.sent / i.size) * 100) : 0;
        return (
          <div key={i.key} data-testid="upload-item">
            <Space style={{ width: '100%', justifyContent: 'space-between' }} wrap>
              <Typography.Text ellipsis style={{ maxWidth: 360 }}>
                {i.name}
              </Typography.Text>
              <Space size={4}>
                <Typography.Text type="secondary">
                  {i.status === 'finishing'
                    ? L.checking
                    : i.status === 'paused'
                      ? L.paused
                      : i.status === 'error'
                        ? L.failed
                        : L.uploading}{' '}
                  {formatSize(i.sent)} / {formatSize(i.size)}
                </Typography.Text>
                {i.status === 'uploading' && (
                  <Button
                    size="small"
                    icon={<PauseOutlined />}
                    onClick={() => {
                      pause(i.key);
                    }}
                  >
                    {L.pause}
                  </Button>
                )}
                {(i.status === 'paused' || (i.status === 'error' && uploads.current.has(i.key) && i.sent < i.size)) && (
                  <Button
                    size="small"
                    icon={<CaretRightOutlined />}
                    onClick={() => {
                      resume(i.key);
                    }}
                  >
                    {L.resume}
                  </Button>
                )}
                {i.status !== 'finishing' && (
                  <Button
                    size="small"
                    icon={<CloseOutlined />}
                    onClick={() => {
                      cancel(i.key);
                    }}
                  >
                    {i.status === 'error' ? L.dismiss : L.cancel}
                  </Button>
                )}
              </Space>
            </Space>
            <Progress
              percent={percent}
              size="small"
              status={i.status === 'error' ? 'exception' : i.status === 'finishing' ? 'active' : 'normal'}
            />
            {i.error && <Alert type="error" showIcon title={i.error} data-testid="upload-error" />}
          </div>
        );
      })}
    </Space>
  );
}
