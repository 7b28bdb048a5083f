import { BankOutlined, CalendarOutlined, EnvironmentOutlined, TeamOutlined } from '@ant-design/icons';
import { keepPreviousData, useQuery } from '@tanstack/react-query';
import { Alert, Button, Card, Cascader, Col, DatePicker, Empty, Input, List, Row, Space, Tag, Typography } from 'antd';
import dayjs from 'dayjs';
import { useEffect, useMemo, useState, type ReactNode } from 'react';
import { useSearchParams } from 'react-router';
import { errorMessage } from '../../api/client.ts';
import {
  listPublicActivities,
  listPublicRegions,
  publicKeys,
  type PublicActivity,
  type PublicActivityQuery,
  type PublicRegion,
} from '../../api/public.api.ts';
import { chineseRange } from './public-format.ts';
import { publicLabels as t } from './public-labels.ts';

const PAGE_SIZE = 12;
const DATE = 'YYYY-MM-DD';

interface RegionOption {
  value: string;
  label: string;
  children?: RegionOption[];
}
const toOption = (r: PublicRegion): RegionOption => ({
  value: r.code,
  label: r.name,
  ...(r.children && { children: r.children.map(toOption) }),
});

function Line({ icon, label, children }: { icon: ReactNode; label: string; children: ReactNode }) {
  return (
    <div style={{ display: 'flex', gap: 8, alignItems: 'baseline', marginTop: 4 }}>
      <span aria-hidden style={{ color: '#1f5fbf' }}>
        {icon}
      </span>
      <Typography.Text type="secondary" style={{ flex: 'none' }}>
        {label}
      </Typography.Text>
      <Typography.Text style={{ minWidth: 0 }}>{children}</Typography.Text>
    </div>
  );
}

function ActivityCard({ a }: { a: PublicActivity }) {
  const when = chineseRange(a.startOn, a.endOn) ?? t.dateUnknown;
  const where = [a.region, a.place].filter(Boolean).join(' · ');
  const organiser = a.organiser && a.organiser !== a.unitName ? `${a.organiser}（${a.unitName}）` : a.unitName;
  return (
    <Card size="small" data-testid="public-activity" style={{ height: '100%' }} styles={{ body: { padding: 16 } }}>
      <Typography.Title level={5} style={{ marginTop: 0, marginBottom: 8 }}>
        {a.title}
      </Typography.Title>
      {a.category && (
        <Tag color="blue" style={{ marginBottom: 4 }}>
          {a.category}
        </Tag>
      )}
      <Line icon={<CalendarOutlined />} label={t.when}>
        {when}
      </Line>
      {where && (
        <Line icon={<EnvironmentOutlined />} label={t.where}>
          {where}
        </Line>
      )}
      {a.audience && (
        <Line icon={<TeamOutlined />} label={t.audience}>
          {a.audience}
        </Line>
      )}
      <Line icon={<BankOutlined />} label={t.organiser}>
        {organiser}
      </Line>
      {a.description && (
        <Typography.Paragraph
          type="secondary"
          style={{ marginTop: 8, marginBottom: 0, whiteSpace: 'pre-line' }}
          ellipsis={{ rows: 3, expandable: true, symbol: t.more }}
        >
          {a.description}
        </Typography.Paragraph>
      )}
    </Card>
  );
}

/** 身边的质量活动: filters kept in the address (so a search can be shared), cards, pages. */
export function PublicActivities({ campaignId }: { campaignId: number }) {
  const [params, setParams] = useSearchParams();
  const province = params.get('province') ?? undefined;
  const city = params.get('city') ?? undefined;
  const from = params.get('from') ?? undefined;
  const to = params.get('to') ?? undefined;
  const q = params.get('q') ?? undefined;
  const page = Math.max(1, Number(params.get('page')) || 1);
  const [keyword, setKeyword] = useState(q ?? '');
  useEffect(() => {
    setKeyword(q ?? '');
  }, [q]);

  const regions = useQuery({ queryKey: publicKeys.regions, queryFn: listPublicRegions, staleTime: Infinity });
  const options = useMemo(() => (regions.data ?? []).map(toOption), [regions.data]);
  const query: PublicActivityQuery = { campaignId, province, prefecture: city, from, to, q, page, pageSize: PAGE_SIZE };
  const list = useQuery({
    queryKey: publicKeys.activities(query),
    queryFn: ({ signal }) => listPublicActivities(query, signal),
    placeholderData: keepPreviousData,
  });

  /** Changes filters; any change but the page goes back to page 1. */
  function update(changes: Record<string, string | undefined>) {
    setParams(
      (prev) => {
        const next = new URLSearchParams(prev);
        for (const [k, v] of Object.entries(changes)) {
          if (v) next.set(k, v);
          else next.delete(k);
        }
        if (!('page' in changes)) next.delete('page');
        return next;
      },
      { replace: true },
    );
  }
  const filtered = Boolean(province || city || from || to || q);
  const clear = () => update({ province: undefined, city: undefined, from: undefined, to: undefined, q: undefined });
  const data = list.data;

  return (
    <Card
      title={<span id="activities">{t.activities}</span>}
      data-testid="public-activities"
      extra={data ? <Typography.Text type="secondary">{t.total(data.total)}</Typography.Text> : null}
    >
      <Typography.Paragraph type="secondary">{t.activitiesIntro}</Typography.Paragraph>
      <Row gutter={[12, 12]} style={{ marginBottom: 16 }}>
        <Col xs={24} md={8}>
          <Cascader<RegionOption>
            aria-label={t.region}
            placeholder={t.regionPlaceholder}
            options={options}
            loading={regions.isLoading}
            changeOnSelect
            allowClear
            showSearch={{ filter: (input, path) => path.some((o) => o.label.includes(input.trim())) }}
            style={{ width: '100%' }}
            value={province ? (city ? [province, city] : [province]) : []}
            onChange={(v) => {
              const [p, c] = (v as string[] | undefined) ?? [];
              update({ province: p, city: c });
            }}
          />
        </Col>
        <Col xs={24} md={8}>
          <DatePicker.RangePicker
            aria-label={t.dates}
            placeholder={t.datesPlaceholder}
            style={{ width: '100%' }}
            inputReadOnly
            allowEmpty={[true, true]}
            value={[from ? dayjs(from, DATE) : null, to ? dayjs(to, DATE) : null]}
            onChange={(v) => update({ from: v?.[0]?.format(DATE), to: v?.[1]?.format(DATE) })}
          />
        </Col>
        <Col xs={24} md={8}>
          <Input.Search
            aria-label={t.keyword}
            placeholder={t.keywordPlaceholder}
            allowClear
            enterButton={t.search}
            maxLength={50}
            value={keyword}
            onChange={(e) => setKeyword(e.target.value)}
            onSearch={(v) => update({ q: v.trim() || undefined })}
          />
        </Col>
      </Row>
      {list.isError && (
        <Alert
          type="error"
          showIcon
          title={errorMessage(list.error)}
          style={{ marginBottom: 16 }}
          action={
            <Button
              size="small"
              onClick={() => {
                void list.refetch();
              }}
            >
              {t.retry}
            </Button>
          }
        />
      )}
      <List<PublicActivity>
        loading={list.isFetching && !list.isPlaceholderData ? true : list.isLoading}
        grid={{ gutter: 16, xs: 1, sm: 1, md: 2, lg: 3, xl: 3, xxl: 3 }}
        dataSource={data?.items ?? []}
        rowKey="id"
        renderItem={(a) => (
          <List.Item style={{ height: 'calc(100% - 16px)' }}>
            <ActivityCard a={a} />
          </List.Item>
        )}
        locale={{
          emptyText: (
            <Empty description={filtered ? t.noActivities : t.noActivitiesAtAll}>
              {filtered && <Button onClick={clear}>{t.clear}</Button>}
            </Empty>
          ),
        }}
        pagination={
          data && data.total > PAGE_SIZE
            ? {
                current: page,
                pageSize: PAGE_SIZE,
                total: data.total,
                showSizeChanger: false,
                align: 'center',
                size: 'small',
                showTotal: (total, [a, b]) => t.pageOf(a, b, total),
                onChange: (p) => {
                  update({ page: p > 1 ? String(p) : undefined });
                  document.getElementById('activities')?.scrollIntoView({ behavior: 'smooth' });
                },
              }
            : false
        }
      />
      {filtered && (data?.items.length ?? 0) > 0 && (
        <Space style={{ marginTop: 8 }}>
          <Button type="link" onClick={clear} style={{ padding: 0 }}>
            {t.clear}
          </Button>
        </Space>
      )}
    </Card>
  );
}
