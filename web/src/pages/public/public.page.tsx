import { EnvironmentOutlined, LoginOutlined } from '@ant-design/icons';
import { useQuery } from '@tanstack/react-query';
import { Button, Card, Col, Empty, Image, Result, Row, Select, Skeleton, Typography } from 'antd';
import { useEffect } from 'react';
import { Link, useSearchParams } from 'react-router';
import { ApiError, errorMessage } from '../../api/client.ts';
import {
  getPublicCampaign,
  listPublicCampaigns,
  publicKeys,
  type PublicCampaign,
  type PublicPoster,
} from '../../api/public.api.ts';
import { PublicActivities } from './public-activities.tsx';
import { chineseRange } from './public-format.ts';
import { publicLabels as t } from './public-labels.ts';

const BLUE = '#1f5fbf';
const WIDTH = 1120;

function Header({ campaignId, onCampaign }: { campaignId: number | undefined; onCampaign: (id: number) => void }) {
  const campaigns = useQuery({ queryKey: publicKeys.campaigns, queryFn: listPublicCampaigns });
  return (
    <header style={{ background: BLUE, color: '#fff' }}>
      <div
        style={{
          maxWidth: WIDTH,
          margin: '0 auto',
          padding: '10px 16px',
          display: 'flex',
          alignItems: 'center',
          gap: 12,
          flexWrap: 'wrap',
        }}
      >
        <Typography.Text strong style={{ color: '#fff', fontSize: 18, marginRight: 'auto' }}>
          {t.siteName}
        </Typography.Text>
        {(campaigns.data?.length ?? 0) > 1 && (
          <Select
            aria-label={t.chooseCampaign}
            size="middle"
            style={{ minWidth: 180 }}
            value={campaignId}
            popupMatchSelectWidth={false}
            options={(campaigns.data ?? []).map((c) => ({ value: c.id, label: c.name }))}
            onChange={onCampaign}
          />
        )}
        <Link to="/login" style={{ color: '#fff' }}>
          <LoginOutlined /> {t.staffLogin}
        </Link>
      </div>
    </header>
  );
}

function Hero({ c }: { c: PublicCampaign }) {
  const period = chineseRange(c.periodStart, c.periodEnd);
  return (
    <section style={{ background: `linear-gradient(135deg, ${BLUE} 0%, #3b82d6 60%, #5aa0e8 100%)`, color: '#fff' }}>
      <div style={{ maxWidth: WIDTH, margin: '0 auto', padding: '32px 16px 40px' }}>
        <Typography.Text style={{ color: 'rgba(255,255,255,0.85)', fontSize: 16 }}>{c.name}</Typography.Text>
        {c.theme && (
          <>
            <div style={{ marginTop: 12, color: 'rgba(255,255,255,0.75)' }}>{t.theme}</div>
            <Typography.Title
              level={1}
              data-testid="public-theme"
              style={{ color: '#fff', margin: '4px 0 0', fontSize: 'clamp(24px, 6vw, 40px)', lineHeight: 1.3 }}
            >
              {c.theme}
            </Typography.Title>
          </>
        )}
        {period && <div style={{ marginTop: 12, fontSize: 15 }}>{t.period(period)}</div>}
        {c.activityCount > 0 && (
          <Button
            ghost
            size="large"
            icon={<EnvironmentOutlined />}
            style={{ marginTop: 20 }}
            onClick={() =>
              document.getElementById('activities')?.scrollIntoView({ behavior: 'smooth', block: 'start' })
            }
          >
            {t.findNearby(c.activityCount)}
          </Button>
        )}
      </div>
    </section>
  );
}

function Slogans({ slogans }: { slogans: string[] }) {
  return (
    <Card title={t.slogans} style={{ height: '100%' }} data-testid="public-slogans">
      {slogans.length === 0 ? (
        <Empty image={Empty.PRESENTED_IMAGE_SIMPLE} description={t.noSlogans} />
      ) : (
        <ol style={{ margin: 0, paddingLeft: 24, lineHeight: 2 }}>
          {slogans.map((s) => (
            <li key={s}>{s}</li>
          ))}
        </ol>
      )}
    </Card>
  );
}

function Posters({ posters }: { posters: PublicPoster[] }) {
  return (
    <Card title={t.posters} style={{ height: '100%' }} data-testid="public-posters">
      {posters.length === 0 ? (
        <Empty image={Empty.PRESENTED_IMAGE_SIMPLE} description={t.noPosters} />
      ) : (
        <Image.PreviewGroup>
          <Row gutter={[12, 12]}>
            {posters.map((p, i) => (
              <Col key={p.id} xs={12} sm={8}>
                <Image
                  src={p.thumbUrl}
                  preview={{ src: p.url }}
                  alt={p.caption ?? t.posterAlt(i + 1)}
                  width="100%"
                  style={{
                    aspectRatio: p.width && p.height ? `${String(p.width)} / ${String(p.height)}` : '3 / 4',
                    objectFit: 'cover',
                    borderRadius: 4,
                  }}
                />
                {p.caption && (
                  <Typography.Text type="secondary" style={{ fontSize: 12 }}>
                    {p.caption}
                  </Typography.Text>
                )}
              </Col>
            ))}
          </Row>
        </Image.PreviewGroup>
      )}
    </Card>
  );
}

/** The public landing page: no login; the newest campaign unless a year is chosen (?c=id). */
export default function PublicPage() {
  const [params, setParams] = useSearchParams();
  const chosen = Number(params.get('c')) || undefined;
  const campaign = useQuery({
    queryKey: publicKeys.campaign(chosen ?? 'latest'),
    queryFn: () => getPublicCampaign(chosen ?? 'latest'),
  });
  const c = campaign.data;

  useEffect(() => {
    const before = document.title;
    document.title = t.documentTitle;
    return () => {
      document.title = before;
    };
  }, []);

  const onCampaign = (id: number) =>
    setParams((prev) => {
      const next = new URLSearchParams(prev);
      next.set('c', String(id));
      next.delete('page');
      return next;
    });

  let body;
  if (campaign.isLoading) {
    body = (
      <div style={{ maxWidth: WIDTH, margin: '0 auto', padding: 16 }}>
        <Skeleton active paragraph={{ rows: 6 }} />
      </div>
    );
  } else if (campaign.isError) {
    const missing = campaign.error instanceof ApiError && campaign.error.status === 404;
    body = (
      <Result
        status={missing ? 'info' : 'warning'}
        title={missing ? t.noCampaign : t.loadFailed}
        subTitle={missing ? undefined : errorMessage(campaign.error)}
        extra={
          missing ? undefined : (
            <Button
              type="primary"
              onClick={() => {
                void campaign.refetch();
              }}
            >
              {t.retry}
            </Button>
          )
        }
      />
    );
  } else if (c) {
    body = (
      <>
        <Hero c={c} />
        <main style={{ maxWidth: WIDTH, margin: '0 auto', padding: 16 }}>
          <Row gutter={[16, 16]} style={{ marginBottom: 16 }}>
            <Col xs={24} md={10}>
              <Slogans slogans={c.slogans} />
            </Col>
            <Col xs={24} md={14}>
              <Posters posters={c.posters} />
            </Col>
          </Row>
          <PublicActivities campaignId={c.id} />
        </main>
      </>
    );
  }

  return (
    <div style={{ minHeight: '100vh', background: '#f5f7fa' }} data-testid="public-page">
      <Header campaignId={c?.id} onCampaign={onCampaign} />
      {body}
      <footer style={{ textAlign: 'center', padding: '24px 16px', color: '#8c8c8c', fontSize: 12 }}>{t.footer}</footer>
    </div>
  );
}
