import { DownOutlined, FileWordOutlined } from '@ant-design/icons';
import { Button, Dropdown, Tooltip } from 'antd';
import { narrativeLabels } from './narrative-labels.ts';
import { digestDocxUrl, type DigestKind } from './narrative.api.ts';

const t = narrativeLabels.digest;
const KINDS: readonly DigestKind[] = ['regions', 'departments'];

/** 下载活动汇编: the children's activities compiled as an editable .docx, by region or by department. */
export function ActivitiesDigestButton({ noticeId }: { noticeId: number }) {
  return (
    <Dropdown
      trigger={['click']}
      menu={{
        items: KINDS.map((kind) => ({
          key: kind,
          label: (
            <a href={digestDocxUrl(noticeId, kind)} download data-testid={`digest-${kind}`}>
              {t[kind]}
            </a>
          ),
        })),
      }}
    >
      <Tooltip title={t.hint}>
        <Button icon={<FileWordOutlined />} data-testid="digest-button">
          {t.button} <DownOutlined />
        </Button>
      </Tooltip>
    </Dropdown>
  );
}
