import { DownOutlined, FlagOutlined, TeamOutlined } from '@ant-design/icons';
import { Button, Dropdown } from 'antd';
import { useNavigate } from 'react-router';
import { collects } from '../../../../domain/reports/required-parts.ts';
import type { NoticeView } from '../../api/notices.api.ts';
import { useSession } from '../../auth/use-session.ts';
import { ActivitiesDigestButton } from './activities-digest-button.tsx';
import { narrativeLabels } from './narrative-labels.ts';

const t = narrativeLabels.page;

/**
 * On a notice that collects no report (the report page carries them otherwise): 活动登记 for a recipient unit,
 * and for the issuer the recipients' activities and the digest.
 */
export function ActivitiesLinks({ notice }: { notice: NoticeView }) {
  const { user } = useSession();
  const navigate = useNavigate();
  if (notice.status !== 'issued') return null;
  const open = (unitId: number) => {
    void navigate(`/notices/${notice.id}/activities/${unitId}`);
  };
  // A notice that collects reports carries them on the report page.
  const collecting = collects(notice);
  const mine = collecting
    ? []
    : notice.recipients.filter((r) => user.roles.some((g) => g.unitId === r.unitId && g.role !== 'viewer'));
  const issuer = user.roles.some((g) => g.unitId === notice.issuerUnitId);
  return (
    <>
      {mine.map((r) => (
        <Button
          key={r.unitId}
          type="primary"
          icon={<FlagOutlined />}
          onClick={() => {
            open(r.unitId);
          }}
        >
          {mine.length > 1 ? `${t.register}（${r.unitName}）` : t.register}
        </Button>
      ))}
      {issuer && !collecting && notice.recipients.length > 0 && (
        <Dropdown
          trigger={['click']}
          menu={{
            items: notice.recipients.map((r) => ({
              key: r.unitId,
              label: r.unitName,
              onClick: () => {
                open(r.unitId);
              },
            })),
            style: { maxHeight: 360, overflowY: 'auto' },
          }}
        >
          <Button icon={<TeamOutlined />}>
            {t.children} <DownOutlined />
          </Button>
        </Dropdown>
      )}
      {(issuer || notice.can.view_signatures) && <ActivitiesDigestButton noticeId={notice.id} />}
    </>
  );
}
