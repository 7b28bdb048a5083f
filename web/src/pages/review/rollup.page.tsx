import { ArrowLeftOutlined, DownloadOutlined } from '@ant-design/icons';
import { keepPreviousData, useQuery } from '@tanstack/react-query';
import { Alert, Button, Card, Empty, Segmented, Select, Space, Table, Typography } from 'antd';
import type { TableColumnsType } from 'antd';
import type { ReactNode } from 'react';
import { useNavigate, useParams, useSearchParams } from 'react-router';
import type { Indicator } from '../../../../domain/forms/form.ts';
import { errorMessage } from '../../api/client.ts';
import { getNotice, noticeKeys } from '../../api/notices.api.ts';
import { messages } from '../../i18n/zh-CN.ts';
import { PageSpinner } from '../../shared/lazy-page.tsx';
import { formatFigure } from '../reports/figures.ts';
import { getRollup, reportKeys, rollupXlsxUrl, type RollupBy, type RollupStatus, type RollupView } from '../reports/reports.api.ts';
import '../reports/stats-table.css';

const t = messages.reporting.rollup;
const BYS: readonly RollupBy[] = ['child', 'province', 'prefecture', 'county'];
const STATUSES: readonly RollupStatus[] = ['submitted', 'accepted'];

type Line =
  | { key: string; kind: 'group'; label: string; depth: number }
  | { key: string; kind: 'figure'; index: number; indicator: Indicator; depth: number };

/** Rows in printed order, with a header row where a group starts. */
function lines(indicators: Indicator[]): Line[] {
  const out: Line[] = [];
  let previous: string[] = [];
  indicators.forEach((ind, index) => {
    const common = ind.group.findIndex((g, k) => previous[k] !== g);
    const from = common === -1 ? ind.group.length : common;
    for (let k = from; k < ind.group.length; k++) out.push({ key: `g-${index}-${k}`, kind: 'group', label: ind.group[k] ?? '', depth: k });
    out.push({ key: ind.code, kind: 'figure', index, indicator: ind, depth: ind.group.length });
    previous = ind.group;
  });
  return out;
}

function header(name: string, covered: number, expected: number) {
  return (
    <Space orientation="vertical" size={0}>
      <span>{name}</span>
      <Typography.Text type="secondary" style={{ fontSize: 12, fontWeight: 400 }}>{t.coverage(covered, expected)}</Typography.Text>
    </Space>
  );
}

/** 汇总: the live roll-up of a notice's cascade, one column per child or region. */
export default function RollupPage() {
  const id = Number(useParams().id);
  const navigate = useNavigate();
  const [params, setParams] = useSearchParams();
  const by = BYS.find((b) => b === params.get('by')) ?? 'child';
  const status = STATUSES.find((b) => b === params.get('status')) ?? 'submitted';
  const valid = Number.isInteger(id) && id > 0;
  const notice = useQuery({ queryKey: noticeKeys.detail(id), queryFn: () => getNotice(id), enabled: valid });
  const q = useQuery({ queryKey: reportKeys.rollup(id, by, status), queryFn: () => getRollup(id, by, status), enabled: valid, placeholderData: keepPreviousData });
  const set = (key: string, value: string) => { const next = new URLSearchParams(params); next.set(key, value); setParams(next, { replace: true }); };

  const controls = (
    <Space wrap>
      <span>{t.by}</span>
      <Select<RollupBy> value={by} style={{ width: 140 }} aria-label={t.by} onChange={(v) => { set('by', v); }}
        options={BYS.map((b) => ({ value: b, label: t.byOptions[b] }))} />
      <span>{t.status}</span>
      <Segmented<RollupStatus> value={status} onChange={(v) => { set('status', v); }} options={STATUSES.map((s) => ({ value: s, label: t.statusOptions[s] }))} />
      {q.data && !q.data.empty && q.data.form && <Button icon={<DownloadOutlined />} href={rollupXlsxUrl(id, by, status)} download>{t.downloadXlsx}</Button>}
    </Space>
  );

  return (
    <Card
      title={(
        <Space wrap>
          <Button type="text" icon={<ArrowLeftOutlined />} aria-label={messages.reporting.review.back} onClick={() => { void navigate(`/notices/${id}`); }} />
          <span>{q.data?.form?.title ?? t.title}</span>
          <Typography.Text type="secondary">{t.title}{notice.data ? ` · ${notice.data.title}` : ''}</Typography.Text>
        </Space>
      )}
      extra={controls}
    >
      {q.isPending ? <PageSpinner /> : q.isError ? <Alert type="error" showIcon title={errorMessage(q.error)} /> : <RollupTable view={q.data} loading={q.isFetching} />}
    </Card>
  );
}

function RollupTable({ view, loading }: { view: RollupView; loading: boolean }) {
  const form = view.form;
  if (!form) return <Empty description={t.noForm} />;
  if (view.empty) {
    return <Empty data-testid="rollup-empty" description={view.status === 'accepted' ? t.emptyAccepted : t.empty} />;
  }
  const value = (values: number[]) => (l: Line) => (l.kind === 'figure' ? formatFigure(l.indicator, values[l.index] ?? 0) : '');
  const numeric = (title: ReactNode, key: string, values: number[], strong = false) => ({
    title, key, width: 150, align: 'right' as const,
    render: (_v: unknown, l: Line) => (strong ? <Typography.Text strong>{value(values)(l)}</Typography.Text> : value(values)(l)),
  });
  const columns: TableColumnsType<Line> = [
    {
      title: t.indicator, key: 'label', fixed: 'left', width: 320,
      render: (_v, l) => (l.kind === 'group'
        ? <Typography.Text strong style={{ paddingLeft: l.depth * 16 }}>{l.label}</Typography.Text>
        : <span style={{ paddingLeft: l.depth * 16 }}>{l.indicator.label}</span>),
    },
    { title: t.unit, key: 'unit', width: 70, render: (_v, l) => (l.kind === 'figure' ? l.indicator.unit : '') },
    numeric(header(t.total, view.total.covered, view.total.expected), 'total', view.total.values, true),
    ...(view.own ? [numeric(`${t.own}（${view.own.unitName}）`, 'own', view.own.values)] : []),
    ...view.columns.map((c) => numeric(header(c.name, c.covered, c.expected), c.key, c.values)),
  ];
  return (
    <>
      {view.excluded ? <Alert type="warning" showIcon title={t.excluded(view.excluded)} style={{ marginBottom: 12 }} /> : null}
      <Table<Line> rowKey="key" size="small" bordered columns={columns} dataSource={lines(form.indicators)} loading={loading} pagination={false}
      rowClassName={(l) => (l.kind === 'group' ? 'rollup-group' : '')} sticky scroll={{ x: 'max-content' }} data-testid="rollup-table" />
    </>
  );
}
