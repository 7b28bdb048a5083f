import { ArrowLeftOutlined, CloudDownloadOutlined, DownloadOutlined, FileTextOutlined } from '@ant-design/icons';
import { keepPreviousData, useQueries, useQuery } from '@tanstack/react-query';
import { Alert, Breadcrumb, Button, Card, Empty, Segmented, Select, Space, Table, Typography } from 'antd';
import type { TableColumnsType } from 'antd';
import { useState, type ReactNode } from 'react';
import { Link, useNavigate, useParams, useSearchParams } from 'react-router';
import type { Indicator } from '../../../../domain/forms/form.ts';
import { api, errorMessage } from '../../api/client.ts';
import { getNotice, noticeKeys } from '../../api/notices.api.ts';
import { messages } from '../../i18n/zh-CN.ts';
import { PageSpinner } from '../../shared/lazy-page.tsx';
import { ActivitiesDigestButton } from '../reports/activities-digest-button.tsx';
import { formatFigure } from '../reports/figures.ts';
import {
  getRollup,
  reportKeys,
  rollupFileUrl,
  type RollupBy,
  type RollupColumn,
  type RollupStatus,
  type RollupView,
} from '../reports/reports.api.ts';
import { RollupCharts } from './charts/rollup-charts.tsx';
import { rollupLabels as L } from './charts/rollup-labels.ts';
import { RollupXlsxMenu } from './rollup-xlsx-menu.tsx';
import { RollupExportJob } from './rollup-export-job.tsx';
import '../reports/stats-table.css';

const t = messages.reporting.rollup;
const BYS: readonly RollupBy[] = ['child', 'province', 'prefecture', 'county'];
const STATUSES: readonly RollupStatus[] = ['submitted', 'accepted'];
const SORTS = ['path', 'desc', 'asc', 'coverage'] as const;
const NEXT_LEVEL: Partial<Record<RollupBy, RollupBy>> = { province: 'prefecture', prefecture: 'county' };
type SortKey = (typeof SORTS)[number];
/** The column's own roll-up below this one (from the server since drill-down landed). */
type DrillColumn = RollupColumn & { noticeId?: number | null };
type RegionView = RollupView & { region?: { unitId: number; name: string } | null };

function sortColumns(columns: DrillColumn[], sort: SortKey, figure: number): DrillColumn[] {
  if (sort === 'path') return columns;
  const ratio = (c: DrillColumn): number => (c.expected ? c.covered / c.expected : 0);
  const key = (c: DrillColumn): number => (sort === 'coverage' ? ratio(c) : (c.values[figure] ?? 0));
  return [...columns].sort((a, b) => (sort === 'asc' ? key(a) - key(b) : key(b) - key(a)));
}

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
    for (let k = from; k < ind.group.length; k++)
      out.push({ key: `g-${index}-${k}`, kind: 'group', label: ind.group[k] ?? '', depth: k });
    out.push({ key: ind.code, kind: 'figure', index, indicator: ind, depth: ind.group.length });
    previous = ind.group;
  });
  return out;
}

function header(name: ReactNode, covered: number, expected: number) {
  return (
    <Space orientation="vertical" size={0}>
      <span>{name}</span>
      <Typography.Text type="secondary" style={{ fontSize: 12, fontWeight: 400 }}>
        {t.coverage(covered, expected)}
      </Typography.Text>
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
  const region = Number(params.get('region')) || null;
  const q = useQuery({
    queryKey: [...reportKeys.rollup(id, by, status), region],
    queryFn: (): Promise<RegionView> =>
      region
        ? api<RegionView>(`/api/notices/${id}/rollup`, { query: { by, status, region } })
        : getRollup(id, by, status),
    enabled: valid,
    placeholderData: keepPreviousData,
  });
  const set = (key: string, value: string) => {
    const next = new URLSearchParams(params);
    next.set(key, value);
    setParams(next, { replace: true });
  };
  const [sort, setSort] = useState<SortKey>('path');
  const [figure, setFigure] = useState(0);
  // Drill-down trail: the roll-ups above this one that the user came through, for the breadcrumb.
  const trail = (params.get('trail') ?? '')
    .split(',')
    .map(Number)
    .filter((n) => Number.isInteger(n) && n > 0);
  const trailNotices = useQueries({
    queries: trail.map((n) => ({ queryKey: noticeKeys.detail(n), queryFn: () => getNotice(n) })),
  });
  const drillTo = (noticeId: number) =>
    `/notices/${noticeId}/rollup?${new URLSearchParams({ by: 'child', status, trail: [...trail, id].join(',') }).toString()}`;
  const upTo = (k: number) =>
    `/notices/${trail[k] ?? id}/rollup?${new URLSearchParams({ by: 'child', status, ...(k > 0 ? { trail: trail.slice(0, k).join(',') } : {}) }).toString()}`;
  // Exports hold what is on screen: inside a region, that region's units only.
  const has = q.data && !q.data.empty && q.data.form && !q.isPlaceholderData;
  const regionName = q.data?.region?.name;
  const withParams = (patch: Record<string, string | null>) => {
    const next = new URLSearchParams(params);
    for (const [k, v] of Object.entries(patch)) {
      if (v === null) next.delete(k);
      else next.set(k, v);
    }
    return `/notices/${id}/rollup?${next.toString()}`;
  };
  /**
   * A region column opens the next level down inside it; a child column its own roll-up (or its report).
   * Links follow the view on screen, and columns kept from the previous choice while the new one loads
   * link nowhere, so a click never drills into the wrong kind of column.
   */
  const drill = (c: DrillColumn): string | null => {
    if (!q.data || q.isPlaceholderData) return null;
    const shownBy = q.data.by;
    const deeper = NEXT_LEVEL[shownBy];
    if (shownBy !== 'child' && deeper) return withParams({ by: deeper, region: String(c.unitId) });
    if (c.noticeId) return drillTo(c.noticeId);
    return shownBy === 'child' ? `/notices/${id}/report/${c.unitId}` : null;
  };

  const controls = (
    <Space wrap>
      <span>{t.by}</span>
      <Select<RollupBy>
        value={by}
        style={{ width: 140 }}
        aria-label={t.by}
        onChange={(v) => {
          set('by', v);
        }}
        options={BYS.map((b) => ({ value: b, label: t.byOptions[b] }))}
      />
      <span>{t.status}</span>
      <Segmented<RollupStatus>
        value={status}
        onChange={(v) => {
          set('status', v);
        }}
        options={STATUSES.map((s) => ({ value: s, label: t.statusOptions[s] }))}
      />
      {has && (
        <RollupXlsxMenu noticeId={id} by={by} status={status} region={region} units={q.data?.columns.length ?? 0} />
      )}
      {has && (
        <Button icon={<FileTextOutlined />} href={rollupFileUrl(id, 'csv', by, status, region)} download>
          {L.csv}
        </Button>
      )}
      {has && (
        <RollupExportJob noticeId={id} by={by} status={status} region={region} icon={<CloudDownloadOutlined />} />
      )}
      <ActivitiesDigestButton noticeId={id} />
      <Button
        icon={<DownloadOutlined />}
        href={`/api/notices/${id}/media.zip?status=${status}`}
        download
        data-testid="media-zip"
      >
        下载图片视频包
      </Button>
    </Space>
  );
  const view = q.data;

  return (
    <Card
      title={
        <Space wrap>
          <Button
            type="text"
            icon={<ArrowLeftOutlined />}
            aria-label={messages.reporting.review.back}
            onClick={() => {
              void navigate(trail.length ? upTo(trail.length - 1) : `/notices/${id}`);
            }}
          />
          <span>{q.data?.form?.title ?? t.title}</span>
          <Typography.Text type="secondary">
            {t.title}
            {notice.data ? ` · ${notice.data.title}` : ''}
          </Typography.Text>
        </Space>
      }
      extra={controls}
    >
      {region !== null && (
        <Breadcrumb
          style={{ marginBottom: 12 }}
          data-testid="rollup-region-breadcrumb"
          items={[
            { key: 'all', title: <Link to={withParams({ region: null, by: 'province' })}>{L.allRegions}</Link> },
            { key: 'region', title: regionName ?? '' },
          ]}
        />
      )}
      {trail.length > 0 && (
        <Breadcrumb
          style={{ marginBottom: 12 }}
          data-testid="rollup-breadcrumb"
          items={[
            ...trail.map((n, k) => ({
              key: n,
              title: <Link to={upTo(k)}>{trailNotices[k]?.data?.issuerName ?? L.breadcrumbRoot}</Link>,
            })),
            { key: id, title: notice.data?.issuerName ?? L.breadcrumbRoot },
          ]}
        />
      )}
      {view?.form && !view.empty && (
        <Space wrap style={{ marginBottom: 12 }}>
          <span>{L.figure}</span>
          <Select<number>
            showSearch
            value={figure}
            style={{ width: 320 }}
            aria-label={L.figure}
            onChange={setFigure}
            optionFilterProp="label"
            options={view.form.indicators.map((ind, i) => ({ value: i, label: [...ind.group, ind.label].join(' · ') }))}
          />
          <span>{L.sort}</span>
          <Select<SortKey>
            value={sort}
            style={{ width: 190 }}
            aria-label={L.sort}
            onChange={setSort}
            options={SORTS.map((k) => ({ value: k, label: L.sortOptions[k] }))}
          />
          <Typography.Text type="secondary">{by === 'child' || NEXT_LEVEL[by] ? L.drillHint : ''}</Typography.Text>
        </Space>
      )}
      {q.isPending ? (
        <PageSpinner />
      ) : q.isError ? (
        <Alert type="error" showIcon title={errorMessage(q.error)} />
      ) : (
        <RollupTable
          view={q.data}
          loading={q.isFetching}
          columns={sortColumns(q.data.columns, sort, figure)}
          figure={figure}
          drill={drill}
        />
      )}
      {view?.form && !view.empty && (
        <RollupCharts
          view={{ ...view, columns: sortColumns(view.columns, sort, figure) }}
          figure={figure}
          campaignYear={null}
        />
      )}
    </Card>
  );
}

/**
 * A notice without a statistics table: who has reported (已报/应报 per child or region), each way down to the
 * reports and summaries themselves.
 */
function CoverageTable({
  view,
  columns,
  drill,
}: {
  view: RollupView;
  columns: DrillColumn[];
  drill: (c: DrillColumn) => string | null;
}) {
  return (
    <>
      <Typography.Paragraph type="secondary">{t.noFormCoverage}</Typography.Paragraph>
      <Table<DrillColumn>
        rowKey="key"
        size="small"
        pagination={false}
        dataSource={columns}
        data-testid="rollup-coverage"
        columns={[
          {
            title: t.unitColumn,
            key: 'name',
            render: (_v, c) => {
              const to = drill(c);
              return to ? <Link to={to}>{c.name}</Link> : c.name;
            },
          },
          { title: t.coverageColumn, key: 'cov', width: 160, render: (_v, c) => t.coverage(c.covered, c.expected) },
        ]}
        summary={() => (
          <Table.Summary.Row>
            <Table.Summary.Cell index={0}>{t.total}</Table.Summary.Cell>
            <Table.Summary.Cell index={1}>{t.coverage(view.total.covered, view.total.expected)}</Table.Summary.Cell>
          </Table.Summary.Row>
        )}
      />
    </>
  );
}

function RollupTable({
  view,
  loading,
  columns: shown,
  figure,
  drill,
}: {
  view: RollupView;
  loading: boolean;
  columns: DrillColumn[];
  figure: number;
  drill: (c: DrillColumn) => string | null;
}) {
  const form = view.form;
  if (!form) return <CoverageTable view={view} columns={shown} drill={drill} />;
  if (view.empty) {
    return (
      <Empty
        data-testid="rollup-empty"
        description={
          <Space orientation="vertical" size={2}>
            <Typography.Text strong>{view.status === 'accepted' ? L.emptyAccepted : L.empty}</Typography.Text>
            <Typography.Text type="secondary">
              {L.emptyHint}
              {t.coverage(view.total.covered, view.total.expected)}
            </Typography.Text>
          </Space>
        }
      />
    );
  }
  const value = (values: number[]) => (l: Line) =>
    l.kind === 'figure' ? formatFigure(l.indicator, values[l.index] ?? 0) : '';
  const numeric = (title: ReactNode, key: string, values: number[], strong = false) => ({
    title,
    key,
    width: 150,
    align: 'right' as const,
    className: key === 'total' ? 'rollup-total' : undefined,
    onCell: (l: Line) => ({ className: l.kind === 'figure' && l.index === figure ? 'rollup-chosen' : undefined }),
    render: (_v: unknown, l: Line) =>
      strong ? <Typography.Text strong>{value(values)(l)}</Typography.Text> : value(values)(l),
  });
  const columns: TableColumnsType<Line> = [
    {
      title: t.indicator,
      key: 'label',
      fixed: 'left',
      width: 320,
      render: (_v, l) =>
        l.kind === 'group' ? (
          <Typography.Text strong style={{ paddingLeft: l.depth * 16 }}>
            {l.label}
          </Typography.Text>
        ) : (
          <span style={{ paddingLeft: l.depth * 16 }}>{l.indicator.label}</span>
        ),
    },
    { title: t.unit, key: 'unit', width: 70, render: (_v, l) => (l.kind === 'figure' ? l.indicator.unit : '') },
    numeric(header(t.total, view.total.covered, view.total.expected), 'total', view.total.values, true),
    ...(view.own ? [numeric(`${t.own}（${view.own.unitName}）`, 'own', view.own.values)] : []),
    ...shown.map((c) => {
      const to = drill(c);
      return numeric(
        header(
          to ? (
            <Link to={to} data-testid="rollup-drill">
              {c.name}
            </Link>
          ) : (
            c.name
          ),
          c.covered,
          c.expected,
        ),
        c.key,
        c.values,
      );
    }),
  ];
  return (
    <>
      {view.excluded ? (
        <Alert type="warning" showIcon title={t.excluded(view.excluded)} style={{ marginBottom: 12 }} />
      ) : null}
      <Table<Line>
        rowKey="key"
        size="small"
        bordered
        columns={columns}
        dataSource={lines(form.indicators)}
        loading={loading}
        pagination={false}
        rowClassName={(l) => (l.kind === 'group' ? 'rollup-group' : '')}
        sticky
        scroll={{ x: 'max-content' }}
        data-testid="rollup-table"
      />
    </>
  );
}
