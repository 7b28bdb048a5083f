import { Button, Result } from 'antd';
import { useNavigate } from 'react-router';
import { messages } from '../i18n/zh-CN.ts';

export type ComingFeature = 'notices' | 'reports' | 'review' | 'analysis';

/** Placeholder for a section whose issue has not landed yet. */
export default function ComingSoonPage({ feature }: { feature: ComingFeature }) {
  const navigate = useNavigate();
  return (
    <Result
      status="info"
      title={`${messages.menu[feature]} · ${messages.comingSoon.title}`}
      subTitle={messages.comingSoon[feature]}
      extra={<Button type="primary" onClick={() => { void navigate('/'); }}>{messages.comingSoon.backHome}</Button>}
    />
  );
}
