import { DownloadOutlined, DownOutlined } from '@ant-design/icons';
import { Button, Dropdown, Space } from 'antd';
import { defaultLayout, type StatsLayout as Layout } from '../../../../domain/rollup/rollup.ts';
import { rollupFileUrl, type RollupBy, type RollupStatus } from '../reports/reports.api.ts';

const L = {
  button: '导出 Excel',
  choose: '选择 Excel 版式',
  units: '单位为行（汇总表）',
  indicators: '指标为行（每个单位一列）',
  byDefault: '（默认）',
};

/** 导出 Excel in the orientation that suits the roll-up, with the other one a click away. */
export function RollupXlsxMenu({
  noticeId,
  by,
  status,
  region,
  units,
}: {
  noticeId: number;
  by: RollupBy;
  status: RollupStatus;
  region: number | null;
  /** Columns of units in the roll-up, which decide the default orientation. */
  units: number;
}) {
  const base = rollupFileUrl(noticeId, 'xlsx', by, status, region);
  const url = (layout: Layout): string => `${base}&layout=${layout}`;
  const preferred = defaultLayout(units);
  const item = (layout: Layout) => ({
    key: layout,
    label: (
      <a href={url(layout)} download>
        {L[layout]}
        {layout === preferred ? L.byDefault : ''}
      </a>
    ),
  });
  return (
    <Space.Compact>
      <Button icon={<DownloadOutlined />} href={url(preferred)} download>
        {L.button}
      </Button>
      <Dropdown trigger={['click']} menu={{ items: [item('units'), item('indicators')] }}>
        <Button icon={<DownOutlined />} aria-label={L.choose} />
      </Dropdown>
    </Space.Compact>
  );
}
