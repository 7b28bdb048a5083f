import { BarChartOutlined, EditOutlined, FileDoneOutlined } from '@ant-design/icons';
import { Button } from 'antd';
import { useNavigate } from 'react-router';
import { collects } from '../../../../domain/reports/required-parts.ts';
import type { NoticeView } from '../../api/notices.api.ts';
import { useSession } from '../../auth/use-session.ts';
import { messages } from '../../i18n/zh-CN.ts';

const t = messages.reporting.review;

/** On a notice that collects reports (a table or any required part): 填报 for a recipient, 填报情况 and 汇总 for the issuer. */
export function ReportLinks({ notice }: { notice: NoticeView }) {
  const { user } = useSession();
  const navigate = useNavigate();
  if (!collects(notice) || notice.status !== 'issued') return null;
  const mine = notice.recipients.filter((r) => user.roles.some((g) => g.unitId === r.unitId && g.role !== 'viewer'));
  return (
    <>
      {mine.map((r) => (
        <Button
          key={r.unitId}
          type="primary"
          icon={<EditOutlined />}
          onClick={() => {
            void navigate(`/notices/${notice.id}/report/${r.unitId}`);
          }}
        >
          {mine.length > 1 ? `${t.fill}（${r.unitName}）` : t.fill}
        </Button>
      ))}
      {notice.can.view_signatures && (
        <>
          <Button
            icon={<FileDoneOutlined />}
            onClick={() => {
              void navigate(`/notices/${notice.id}/reports`);
            }}
          >
            {t.reports}
          </Button>
          <Button
            icon={<BarChartOutlined />}
            onClick={() => {
              void navigate(`/notices/${notice.id}/rollup`);
            }}
          >
            {t.rollup}
          </Button>
        </>
      )}
    </>
  );
}
