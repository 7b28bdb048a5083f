import { useMutation, useQuery } from '@tanstack/react-query';
import { Alert, App, Button, Modal, Progress, Segmented, Space, Typography } from 'antd';
import { useState, type ReactNode } from 'react';
import { api, errorMessage } from '../../api/client.ts';
import type { RollupBy, RollupStatus } from '../reports/reports.api.ts';
import { rollupLabels as L } from './charts/rollup-labels.ts';

interface ExportJob {
  id: number;
  status: 'queued' | 'running' | 'done' | 'failed' | 'cancelled';
  progress: number;
  total: number;
  fileName: string | null;
  error: string | null;
  downloadUrl: string | null;
}

/** 后台导出: a long roll-up export runs as a job on the server; progress here, a link when done, cancel leaves nothing. */
export function RollupExportJob({
  noticeId,
  by,
  status,
  region,
  icon,
}: {
  noticeId: number;
  by: RollupBy;
  status: RollupStatus;
  region: number | null;
  icon: ReactNode;
}) {
  const { modal } = App.useApp();
  const [open, setOpen] = useState(false);
  const [format, setFormat] = useState<'xlsx' | 'csv'>('xlsx');
  const [jobId, setJobId] = useState<number | null>(null);
  const start = useMutation({
    mutationFn: () =>
      api<ExportJob>(`/api/notices/${noticeId}/rollup-exports`, {
        method: 'POST',
        body: { by, status, format, ...(region !== null && { region }) },
      }),
    onSuccess: (job) => {
      setJobId(job.id);
    },
  });
  const job = useQuery({
    queryKey: ['export-jobs', jobId],
    queryFn: () => api<ExportJob>(`/api/export-jobs/${jobId ?? 0}`),
    enabled: jobId !== null,
    refetchInterval: (q) =>
      q.state.data && (q.state.data.status === 'queued' || q.state.data.status === 'running') ? 500 : false,
  });
  const cancel = useMutation({
    mutationFn: () => api<ExportJob>(`/api/export-jobs/${jobId ?? 0}`, { method: 'DELETE' }),
    onSuccess: () => {
      void job.refetch();
    },
  });
  const j = job.data;
  const active = j ? j.status === 'queued' || j.status === 'running' : start.isPending;
  const percent = j && j.total > 0 ? Math.round((j.progress / j.total) * 100) : 0;
  const close = () => {
    setOpen(false);
    if (!active) {
      setJobId(null);
      start.reset();
    }
  };

  return (
    <>
      <Button
        icon={icon}
        onClick={() => {
          setOpen(true);
        }}
      >
        {L.job}
      </Button>
      <Modal open={open} title={L.jobTitle} onCancel={close} footer={null} destroyOnHidden={false}>
        <Space orientation="vertical" style={{ width: '100%' }}>
          <Typography.Text type="secondary">{L.jobHint}</Typography.Text>
          {jobId === null ? (
            <Space>
              <span>{L.jobFormat}</span>
              <Segmented<'xlsx' | 'csv'>
                value={format}
                onChange={setFormat}
                options={[
                  { value: 'xlsx', label: 'Excel (.xlsx)' },
                  { value: 'csv', label: 'CSV' },
                ]}
              />
              <Button
                type="primary"
                loading={start.isPending}
                onClick={() => {
                  start.mutate();
                }}
              >
                {L.jobStart}
              </Button>
            </Space>
          ) : (
            <>
              <Progress
                percent={j?.status === 'done' ? 100 : percent}
                status={j?.status === 'failed' ? 'exception' : j?.status === 'done' ? 'success' : 'active'}
                data-testid="export-progress"
              />
              {active && <Typography.Text>{percent === 0 ? L.jobComputing : L.jobRunning}</Typography.Text>}
              {j?.status === 'done' && j.downloadUrl && (
                <Space>
                  <Typography.Text>{L.jobDone}</Typography.Text>
                  <Button type="primary" href={j.downloadUrl} download>
                    {L.jobDownload}：{j.fileName}
                  </Button>
                </Space>
              )}
              {j?.status === 'failed' && <Alert type="error" showIcon title={`${L.jobFailed}：${j.error ?? ''}`} />}
              {j?.status === 'cancelled' && <Alert type="info" showIcon title={L.jobCancelled} />}
              {active && (
                <Button
                  danger
                  loading={cancel.isPending}
                  onClick={() => {
                    modal.confirm({
                      title: L.jobCancelConfirm,
                      onOk: () => {
                        cancel.mutate();
                      },
                    });
                  }}
                >
                  {L.jobCancel}
                </Button>
              )}
            </>
          )}
          {start.isError && <Alert type="error" showIcon title={errorMessage(start.error)} />}
          {cancel.isError && <Alert type="error" showIcon title={errorMessage(cancel.error)} />}
        </Space>
      </Modal>
    </>
  );
}
