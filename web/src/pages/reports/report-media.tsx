import { useQuery } from '@tanstack/react-query';
import { Alert, Card, Space, Tag, Typography } from 'antd';
import { getNotice, noticeKeys } from '../../api/notices.api.ts';
import { AttachmentList } from '../../shared/attachment-list.tsx';
import type { ReportView } from './reports.api.ts';

const L = {
  title: '图片 / 视频 / 盖章扫描件',
  media: '活动图片和视频',
  mediaHint: '图片单个不超过 20 MB，视频不超过 2 GB；可填写每张的说明。',
  stamped: '盖章扫描件',
  stampedHint: '加盖公章的报表扫描件，PDF 或图片。',
  required: '本通知要求报送',
  startFirst: '开始填写（自动保存）后即可上传图片、视频和其他材料。',
  filesHint: (label: string) => `按通知要求上传“${label}”（Word、PDF、Excel 或图片）。`,
  noneFile: '未上传',
  noneMedia: '未上传图片或视频',
  noneStamped: '未上传盖章扫描件',
};

/**
 * The report's photos, videos, stamped copy and the files the notice names itself (活动方案…): editable while the
 * report is, read by its reviewers.
 */
export function ReportMedia({ report }: { report: ReportView }) {
  const fileParts = report.parts.filter((p) => p.kind === 'file');
  const notice = useQuery({ queryKey: noticeKeys.detail(report.noticeId), queryFn: () => getNotice(report.noticeId) });
  const required = notice.data?.requiredReports ?? [];
  const stampedRequired = required.includes('盖章扫描件');
  const id = report.id;
  return (
    <Card size="small" title={L.title} data-testid="report-media">
      {id === null ? (
        <Alert type="info" showIcon title={L.startFirst} />
      ) : (
        <Space orientation="vertical" size="large" style={{ width: '100%' }}>
          <div>
            <Typography.Title level={5}>
              {L.media}
              {(required.includes('图片') || required.includes('视频')) && (
                <Tag color="orange" style={{ marginLeft: 8 }}>
                  {L.required}
                </Tag>
              )}
            </Typography.Title>
            <AttachmentList
              ownerType="report"
              ownerId={id}
              roles={['photo', 'video']}
              editable={report.can.edit}
              hint={L.mediaHint}
              emptyText={L.noneMedia}
              data-testid="report-photos"
            />
          </div>
          <div>
            <Typography.Title level={5}>
              {L.stamped}
              {stampedRequired && (
                <Tag color="orange" style={{ marginLeft: 8 }}>
                  {L.required}
                </Tag>
              )}
            </Typography.Title>
            <AttachmentList
              ownerType="report"
              ownerId={id}
              roles={['stamped_copy']}
              editable={report.can.edit}
              hint={L.stampedHint}
              emptyText={L.noneStamped}
              data-testid="report-stamped"
            />
          </div>
          {fileParts.map((p) => (
            <div key={p.label}>
              <Typography.Title level={5}>
                {p.label}
                <Tag color="orange" style={{ marginLeft: 8 }}>
                  {L.required}
                </Tag>
              </Typography.Title>
              <AttachmentList
                ownerType="report"
                ownerId={id}
                roles={['file']}
                label={p.label}
                editable={report.can.edit}
                hint={L.filesHint(p.label)}
                emptyText={L.noneFile}
                data-testid={`report-file-${p.label}`}
              />
            </div>
          ))}
        </Space>
      )}
    </Card>
  );
}
