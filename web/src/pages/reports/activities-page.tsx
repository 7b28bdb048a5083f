import { ArrowLeftOutlined } from '@ant-design/icons';
import { useQuery } from '@tanstack/react-query';
import { Alert, Button, Card, Space, Typography } from 'antd';
import { useNavigate, useParams } from 'react-router';
import { errorMessage } from '../../api/client.ts';
import { getNotice, noticeKeys } from '../../api/notices.api.ts';
import { messages } from '../../i18n/zh-CN.ts';
import { PageSpinner } from '../../shared/lazy-page.tsx';
import { ActivitiesSection } from './activities-section.tsx';
import { narrativeLabels } from './narrative-labels.ts';
import { listActivities, narrativeKeys } from './narrative.api.ts';

/** A unit's activities, cases and progress on a notice without a statistics form (with a form they sit on the report page). */
export default function ActivitiesPage() {
  const params = useParams();
  const noticeId = Number(params.id);
  const unitId = Number(params.unitId);
  const valid = Number.isInteger(noticeId) && noticeId > 0 && Number.isInteger(unitId) && unitId > 0;
  const navigate = useNavigate();
  const notice = useQuery({
    queryKey: noticeKeys.detail(noticeId),
    queryFn: () => getNotice(noticeId),
    enabled: valid,
  });
  const list = useQuery({
    queryKey: narrativeKeys.activities(noticeId, unitId),
    queryFn: () => listActivities(noticeId, unitId),
    enabled: valid,
    retry: false,
  });
  if (!valid)
    return (
      <Card>
        <Alert type="error" showIcon title={messages.common.pageError} />
      </Card>
    );
  if (list.isPending) return <PageSpinner />;
  const back = (
    <Button
      type="text"
      icon={<ArrowLeftOutlined />}
      aria-label={messages.reporting.review.back}
      onClick={() => {
        void navigate(`/notices/${noticeId}`);
      }}
    />
  );
  if (list.isError)
    return (
      <Card title={back}>
        <Alert type="error" showIcon title={errorMessage(list.error)} />
      </Card>
    );
  return (
    <Space orientation="vertical" size="middle" style={{ width: '100%' }}>
      <Card
        title={
          <Space wrap>
            {back}
            <span data-testid="activities-unit">{list.data.unitName}</span>
            <Typography.Text type="secondary">{notice.data?.title ?? ''}</Typography.Text>
          </Space>
        }
      >
        <Typography.Paragraph type="secondary" style={{ marginBottom: 0 }}>
          {list.data.can.edit ? narrativeLabels.page.editableHint : narrativeLabels.readOnly}
        </Typography.Paragraph>
      </Card>
      <ActivitiesSection noticeId={noticeId} unitId={unitId} />
    </Space>
  );
}
