import { Descriptions, Drawer, Empty, List, Space, Typography } from 'antd';
import { messages } from '../../i18n/zh-CN.ts';
import type { UnitContacts } from '../reports/reports.api.ts';

const t = messages.reporting.review;

/** The number to call first: who signed the table, else the unit's own line, else one of its staff. */
export const firstPhone = (c: UnitContacts): string | null =>
  c.signedBy?.phone ?? c.phone ?? c.people.find((p) => p.phone)?.phone ?? null;

const Tel = ({ n }: { n: string | null }) =>
  n ? <a href={`tel:${n}`}>{n}</a> : <Typography.Text type="secondary">—</Typography.Text>;
const Mail = ({ e }: { e: string | null }) =>
  e ? <a href={`mailto:${e}`}>{e}</a> : <Typography.Text type="secondary">—</Typography.Text>;

export interface ContactsTarget {
  unitName: string;
  contacts: UnitContacts;
}

/** Whom to call about a unit's report (drill-down from 填报情况 and the 逾期榜). */
export function UnitContactsDrawer({ target, onClose }: { target: ContactsTarget | null; onClose: () => void }) {
  const c = target?.contacts;
  const empty = !!c && !c.phone && !c.email && c.people.length === 0 && !c.signedBy?.phone;
  return (
    <Drawer
      open={!!target}
      onClose={onClose}
      title={target ? t.contactsTitle(target.unitName) : ''}
      size="default"
      data-testid="contacts-drawer"
    >
      {c &&
        (empty ? (
          <Empty image={Empty.PRESENTED_IMAGE_SIMPLE} description={t.noContacts} />
        ) : (
          <Space orientation="vertical" size="large" style={{ width: '100%' }}>
            <Descriptions column={1} size="small" bordered>
              <Descriptions.Item label={t.unitPhone}>
                <Tel n={c.phone} />
              </Descriptions.Item>
              <Descriptions.Item label={t.unitEmail}>
                <Mail e={c.email} />
              </Descriptions.Item>
              {c.signedBy && (
                <Descriptions.Item label={t.signedBy}>
                  <Space>
                    {c.signedBy.reporter ?? '—'}
                    <Tel n={c.signedBy.phone} />
                  </Space>
                </Descriptions.Item>
              )}
            </Descriptions>
            {c.people.length > 0 && (
              <List
                size="small"
                header={<Typography.Text strong>{t.people}</Typography.Text>}
                bordered
                dataSource={c.people}
                renderItem={(p) => (
                  <List.Item>
                    <Space wrap>
                      <span>{p.name}</span>
                      <Tel n={p.phone} />
                      <Mail e={p.email} />
                    </Space>
                  </List.Item>
                )}
              />
            )}
          </Space>
        ))}
    </Drawer>
  );
}
