import { useQuery } from '@tanstack/react-query';
import { Alert, Card, Col, Row } from 'antd';
import { useMemo } from 'react';
import type { Indicator } from '../../../../../domain/forms/form.ts';
import { api } from '../../../api/client.ts';
import { formatFigure } from '../../reports/figures.ts';
import type { RollupStatus, RollupView } from '../../reports/reports.api.ts';
import { EChart, type ChartOption } from './echart.tsx';
import { rollupLabels as t } from './rollup-labels.ts';

interface PreviousYear {
  year: number;
  previous: {
    noticeId: number;
    year: number;
    title: string;
    docNumber: string | null;
    empty: boolean;
    totals: Record<string, number>;
  } | null;
}

const fmt =
  (ind: Indicator | undefined) =>
  (v: unknown): string =>
    typeof v === 'number' ? formatFigure(ind, v) : '';
const axisName = (ind: Indicator | undefined): string =>
  ind?.unit ? `${ind.label}（${ind.unit}）` : (ind?.label ?? '');

/** Bars of the chosen figure per column, the columns' completeness, and this year against last. */
export function RollupCharts({
  view,
  figure,
  campaignYear,
}: {
  view: RollupView;
  figure: number;
  campaignYear: number | null;
}) {
  const ind = view.form?.indicators[figure];
  const byColumn = useMemo<ChartOption>(
    () => ({
      tooltip: { trigger: 'axis', valueFormatter: fmt(ind) },
      grid: { left: 60, right: 20, top: 30, bottom: 90 },
      xAxis: {
        type: 'category',
        data: view.columns.map((c) => c.name),
        axisLabel: { rotate: 40, interval: 0, fontSize: 11 },
      },
      yAxis: {
        type: 'value',
        name: ind?.unit ?? '',
        axisLabel: { formatter: (v: number) => v.toLocaleString('zh-CN') },
      },
      series: [
        {
          type: 'bar',
          name: axisName(ind),
          data: view.columns.map((c) => c.values[figure] ?? 0),
          itemStyle: { color: '#1677ff' },
        },
      ],
    }),
    [view, figure, ind],
  );

  const completeness = useMemo<ChartOption>(
    () => ({
      tooltip: { trigger: 'axis' },
      legend: { top: 0 },
      grid: { left: 50, right: 20, top: 30, bottom: 90 },
      xAxis: {
        type: 'category',
        data: view.columns.map((c) => c.name),
        axisLabel: { rotate: 40, interval: 0, fontSize: 11 },
      },
      yAxis: { type: 'value', minInterval: 1 },
      series: [
        {
          type: 'bar',
          stack: 'n',
          name: t.reported,
          data: view.columns.map((c) => c.covered),
          itemStyle: { color: '#52c41a' },
        },
        {
          type: 'bar',
          stack: 'n',
          name: t.missing,
          data: view.columns.map((c) => Math.max(0, c.expected - c.covered)),
          itemStyle: { color: '#faad14' },
        },
      ],
    }),
    [view],
  );

  return (
    <Row gutter={[16, 16]} style={{ marginTop: 16 }}>
      <Col xs={24} xl={12}>
        <Card size="small" title={t.chartByColumn(axisName(ind))}>
          <EChart option={byColumn} label={t.chartByColumn(axisName(ind))} />
        </Card>
      </Col>
      <Col xs={24} xl={12}>
        <Card size="small" title={t.chartCompleteness}>
          <EChart option={completeness} label={t.chartCompleteness} />
        </Card>
      </Col>
      <Col span={24}>
        <PreviousYearChart view={view} figure={figure} campaignYear={campaignYear} />
      </Col>
    </Row>
  );
}

function PreviousYearChart({
  view,
  figure,
  campaignYear,
}: {
  view: RollupView;
  figure: number;
  campaignYear: number | null;
}) {
  const status: RollupStatus = view.status;
  const q = useQuery({
    queryKey: ['reports', 'rollup-previous', view.noticeId, status],
    queryFn: () => api<PreviousYear>(`/api/notices/${view.noticeId}/rollup/previous-year`, { query: { status } }),
  });
  const form = view.form;
  const chosen = form?.indicators[figure];
  // Compare the figures of the chosen figure's group (same kind of measure), where last year has them.
  const compared = useMemo(
    () =>
      form && chosen
        ? form.indicators
            .map((ind, i) => ({ ind, i }))
            .filter(
              ({ ind }) =>
                ind.group[0] === chosen.group[0] &&
                ind.unit === chosen.unit &&
                q.data?.previous?.totals[ind.code] !== undefined,
            )
        : [],
    [form, chosen, q.data],
  );
  const option = useMemo<ChartOption | null>(() => {
    const prev = q.data?.previous;
    if (!prev || prev.empty || compared.length === 0) return null;
    const year = campaignYear ?? prev.year + 1;
    return {
      tooltip: { trigger: 'axis', valueFormatter: fmt(chosen) },
      legend: { top: 0 },
      grid: { left: 60, right: 20, top: 30, bottom: 90 },
      xAxis: {
        type: 'category',
        data: compared.map(({ ind }) => ind.label),
        axisLabel: { rotate: 30, interval: 0, fontSize: 11 },
      },
      yAxis: {
        type: 'value',
        name: chosen?.unit ?? '',
        axisLabel: { formatter: (v: number) => v.toLocaleString('zh-CN') },
      },
      series: [
        {
          type: 'bar',
          name: t.yearSeries(year),
          data: compared.map(({ i }) => view.total.values[i] ?? 0),
          itemStyle: { color: '#1677ff' },
        },
        {
          type: 'bar',
          name: t.yearSeries(prev.year),
          data: compared.map(({ ind }) => prev.totals[ind.code] ?? 0),
          itemStyle: { color: '#bfbfbf' },
        },
      ],
    };
  }, [q.data, compared, chosen, view, campaignYear]);
  if (q.isPending || q.isError) return null;
  const prevYear = q.data.year;
  if (!q.data.previous)
    return <Alert type="info" showIcon title={t.noPrevious(prevYear)} data-testid="rollup-no-previous" />;
  if (!option) return <Alert type="info" showIcon title={t.previousEmpty(prevYear)} />;
  const title = t.chartPrevious(campaignYear ?? prevYear + 1, prevYear);
  return (
    <Card size="small" title={title}>
      <EChart option={option} label={title} />
    </Card>
  );
}
