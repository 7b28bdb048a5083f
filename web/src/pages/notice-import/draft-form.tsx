import { DeleteOutlined, PlusOutlined } from '@ant-design/icons';
import { Button, Card, Checkbox, Col, DatePicker, Form, Input, Row, Select, Space, Tag, Typography } from 'antd';
import type { FormInstance } from 'antd';
import dayjs from 'dayjs';
import type { ReactNode } from 'react';
import { messages } from '../../i18n/zh-CN.ts';
import type { DraftValues } from './draft-model.ts';
import type { FieldCandidate, WeighedField } from './notice-import.api.ts';
import { FIELD_COLOURS, type ActiveField } from './source-text.tsx';

const t = messages.noticeImport;
const DATE = 'YYYY-MM-DD';
const ROLES = ['lead', 'responsible', 'cooperating', 'implementing'] as const;

/** Dates live in the form as YYYY-MM-DD strings. */
const dateItemProps = {
  getValueProps: (v: unknown) => ({ value: typeof v === 'string' && v ? dayjs(v, DATE) : null }),
  normalize: (d: unknown) => (dayjs.isDayjs(d) ? d.format(DATE) : null),
};

const tags = { mode: 'tags' as const, tokenSeparators: ['、', '，', ','], open: false, suffixIcon: null };

/** A part of the form tied to a field of the source: focusing or clicking it shows that field in the text. */
function Spot({
  field,
  index,
  onPick,
  children,
}: {
  field: string;
  index?: number;
  onPick: (f: ActiveField) => void;
  children: ReactNode;
}) {
  const pick = () => onPick({ field, index });
  return (
    <div
      onFocusCapture={pick}
      onClick={pick}
      data-spot={field}
      style={{ borderLeft: `3px solid ${FIELD_COLOURS[field] ?? '#fff566'}`, paddingLeft: 8 }}
    >
      {children}
    </div>
  );
}

/** Below this confidence a field is marked for the user to check before the draft is created. */
export const CHECK_BELOW = 0.6;

export interface DraftEvidence {
  confidence: Partial<Record<WeighedField, number>>;
  candidates: Partial<Record<WeighedField, FieldCandidate[]>>;
}

const shown = (v: string | string[]): string => (Array.isArray(v) ? v.join('、') : v);

/**
 * Under a field the parser is unsure of: a 请核对 mark, and the runners-up, each one click away from
 * replacing the value. Nothing for a field it is sure of.
 */
function FieldCheck({
  field,
  evidence,
  form,
}: {
  field: WeighedField;
  evidence: DraftEvidence | undefined;
  form: FormInstance<DraftValues>;
}): ReactNode {
  const confidence = evidence?.confidence[field];
  if (confidence === undefined || confidence >= CHECK_BELOW) return null;
  const runners = (evidence?.candidates[field] ?? []).slice(1, 4);
  return (
    <Space size={4} wrap data-testid={`check-${field}`} style={{ marginTop: 4 }}>
      <Tag color="warning" title={t.checkFieldHint}>
        {t.checkField}
      </Tag>
      {runners.length > 0 && <Typography.Text type="secondary">{t.otherCandidates}</Typography.Text>}
      {runners.map((c) => (
        <Button
          key={shown(c.value)}
          size="small"
          type="dashed"
          aria-label={t.useCandidate(shown(c.value))}
          onClick={() => form.setFieldValue(field, c.value)}
        >
          {shown(c.value)}
        </Button>
      ))}
    </Space>
  );
}

function RemoveButton({ onClick }: { onClick: () => void }) {
  return <Button type="text" danger size="small" icon={<DeleteOutlined />} aria-label={t.remove} onClick={onClick} />;
}

/** The editable draft: every field the parser extracts, in the order of a notice. */
export function DraftForm({
  form,
  initial,
  onPick,
  evidence,
}: {
  form: FormInstance<DraftValues>;
  initial: DraftValues;
  onPick: (f: ActiveField) => void;
  /** The parser's confidence and candidates for this part (the part's own text only). */
  evidence?: DraftEvidence;
}) {
  return (
    <Form<DraftValues> form={form} layout="vertical" initialValues={initial} data-testid="import-draft-form">
      <Spot field="title" onPick={onPick}>
        <Form.Item
          name="title"
          label={t.fieldLabels.title}
          extra={<FieldCheck field="title" evidence={evidence} form={form} />}
          rules={[{ required: true, whitespace: true, message: t.titleRequired }]}
        >
          <Input.TextArea autoSize={{ minRows: 1, maxRows: 3 }} maxLength={200} />
        </Form.Item>
      </Spot>
      <Row gutter={12}>
        <Col span={12}>
          <Spot field="docNumber" onPick={onPick}>
            <Form.Item
              name="docNumber"
              label={t.fieldLabels.docNumber}
              extra={<FieldCheck field="docNumber" evidence={evidence} form={form} />}
            >
              <Input maxLength={40} />
            </Form.Item>
          </Spot>
        </Col>
        <Col span={12}>
          <Spot field="issuer" onPick={onPick}>
            <Form.Item
              name="issuer"
              label={t.fieldLabels.issuer}
              extra={<FieldCheck field="issuer" evidence={evidence} form={form} />}
            >
              <Input maxLength={100} />
            </Form.Item>
          </Spot>
        </Col>
        <Col span={12}>
          <Spot field="issuedOn" onPick={onPick}>
            <Form.Item
              name="issuedOn"
              label={t.fieldLabels.issuedOn}
              extra={<FieldCheck field="issuedOn" evidence={evidence} form={form} />}
              {...dateItemProps}
            >
              <DatePicker format={DATE} style={{ width: '100%' }} />
            </Form.Item>
          </Spot>
        </Col>
        <Col span={12}>
          <Spot field="deadline" onPick={onPick}>
            <Form.Item name="deadline" label={t.fieldLabels.deadline} {...dateItemProps}>
              <DatePicker format={DATE} style={{ width: '100%' }} />
            </Form.Item>
          </Spot>
        </Col>
      </Row>
      <Spot field="recipients" onPick={onPick}>
        <Form.Item
          name="recipients"
          label={t.fieldLabels.recipients}
          extra={
            <>
              {t.recipientsHint}
              <FieldCheck field="recipients" evidence={evidence} form={form} />
            </>
          }
        >
          <Select {...tags} aria-label={t.fieldLabels.recipients} />
        </Form.Item>
      </Spot>
      <Spot field="theme" onPick={onPick}>
        <Form.Item
          name="theme"
          label={t.fieldLabels.theme}
          extra={<FieldCheck field="theme" evidence={evidence} form={form} />}
        >
          <Input maxLength={100} />
        </Form.Item>
      </Spot>
      <Form.Item name="requiredReports" label={t.requiredReports}>
        <Checkbox.Group options={t.reportKinds.map((o) => ({ value: o, label: o }))} />
      </Form.Item>

      <Typography.Title level={5}>{t.fieldLabels.sections}</Typography.Title>
      <Form.List name="sections">
        {(fields, { add, remove }) => (
          <>
            {fields.map((f, i) => (
              <Spot key={f.key} field="sections" index={i} onPick={onPick}>
                <Card
                  size="small"
                  style={{ marginBottom: 8 }}
                  title={t.section(i + 1)}
                  extra={<RemoveButton onClick={() => remove(f.name)} />}
                >
                  <Space.Compact style={{ width: '100%' }}>
                    <Form.Item name={[f.name, 'number']} noStyle>
                      <Input style={{ width: 80 }} placeholder={t.sectionNumber} maxLength={10} />
                    </Form.Item>
                    <Form.Item name={[f.name, 'heading']} noStyle>
                      <Input placeholder={t.sectionHeading} maxLength={200} aria-label={t.section(i + 1)} />
                    </Form.Item>
                  </Space.Compact>
                  <Form.Item name={[f.name, 'text']} label={t.sectionText} style={{ marginTop: 8, marginBottom: 0 }}>
                    <Input.TextArea autoSize={{ minRows: 2, maxRows: 10 }} />
                  </Form.Item>
                </Card>
              </Spot>
            ))}
            <Button
              type="dashed"
              icon={<PlusOutlined />}
              onClick={() => add({ number: null, heading: '', text: '' })}
              style={{ marginBottom: 16 }}
            >
              {t.addSection}
            </Button>
          </>
        )}
      </Form.List>

      <Typography.Title level={5}>{t.fieldLabels.arrangements}</Typography.Title>
      <Form.List name="arrangements">
        {(fields, { add, remove }) => (
          <>
            {fields.map((f, i) => (
              <Spot key={f.key} field="arrangements" index={i} onPick={onPick}>
                <Card
                  size="small"
                  style={{ marginBottom: 8 }}
                  title={t.arrangement(i + 1)}
                  extra={<RemoveButton onClick={() => remove(f.name)} />}
                  data-testid="import-arrangement"
                >
                  <Form.Item name={[f.name, 'title']} label={t.arrangementTitle} style={{ marginBottom: 8 }}>
                    <Input maxLength={200} />
                  </Form.Item>
                  <Form.Item name={[f.name, 'text']} label={t.arrangementText} style={{ marginBottom: 8 }}>
                    <Input.TextArea autoSize={{ minRows: 2, maxRows: 8 }} />
                  </Form.Item>
                  <Row gutter={8}>
                    {ROLES.map((role) => (
                      <Col span={12} key={role} data-role={role}>
                        <Form.Item name={[f.name, role]} label={t.roles[role]} style={{ marginBottom: 8 }}>
                          <Select {...tags} aria-label={`${t.arrangement(i + 1)} ${t.roles[role] ?? role}`} />
                        </Form.Item>
                      </Col>
                    ))}
                  </Row>
                  <Typography.Text type="secondary" style={{ fontSize: 12 }}>
                    {t.rolesHint}
                  </Typography.Text>
                </Card>
              </Spot>
            ))}
            <Button
              type="dashed"
              icon={<PlusOutlined />}
              onClick={() => add({ title: '', text: '', lead: [], responsible: [], cooperating: [], implementing: [] })}
              style={{ marginBottom: 16 }}
            >
              {t.addArrangement}
            </Button>
          </>
        )}
      </Form.List>

      <Typography.Title level={5}>{t.fieldLabels.contacts}</Typography.Title>
      <Form.List name="contacts">
        {(fields, { add, remove }) => (
          <>
            {fields.map((f, i) => (
              <Spot key={f.key} field="contacts" index={i} onPick={onPick}>
                <Card
                  size="small"
                  style={{ marginBottom: 8 }}
                  title={t.contact(i + 1)}
                  extra={<RemoveButton onClick={() => remove(f.name)} />}
                >
                  <Row gutter={8}>
                    <Col span={8}>
                      <Form.Item name={[f.name, 'name']} label={t.contactName} style={{ marginBottom: 8 }}>
                        <Input maxLength={40} />
                      </Form.Item>
                    </Col>
                    <Col span={8}>
                      <Form.Item name={[f.name, 'phone']} label={t.contactPhone} style={{ marginBottom: 8 }}>
                        <Input />
                      </Form.Item>
                    </Col>
                    <Col span={8}>
                      <Form.Item name={[f.name, 'fax']} label={t.contactFax} style={{ marginBottom: 8 }}>
                        <Input />
                      </Form.Item>
                    </Col>
                    <Col span={10}>
                      <Form.Item name={[f.name, 'email']} label={t.contactEmail} style={{ marginBottom: 0 }}>
                        <Input />
                      </Form.Item>
                    </Col>
                    <Col span={14}>
                      <Form.Item name={[f.name, 'address']} label={t.contactAddress} style={{ marginBottom: 0 }}>
                        <Input maxLength={200} />
                      </Form.Item>
                    </Col>
                  </Row>
                </Card>
              </Spot>
            ))}
            <Button
              type="dashed"
              icon={<PlusOutlined />}
              onClick={() => add({ name: '', phone: '', fax: '', email: '', address: '' })}
              style={{ marginBottom: 16 }}
            >
              {t.addContact}
            </Button>
          </>
        )}
      </Form.List>

      <Typography.Title level={5}>{t.fieldLabels.attachments}</Typography.Title>
      <Form.List name="attachments">
        {(fields, { add, remove }) => (
          <>
            {fields.map((f, i) => (
              <Spot key={f.key} field="attachments" index={i} onPick={onPick}>
                <Space.Compact style={{ width: '100%', marginBottom: 8 }}>
                  <Form.Item name={[f.name, 'title']} noStyle>
                    <Input
                      prefix={<Typography.Text type="secondary">{t.attachmentTitle(i + 1)}</Typography.Text>}
                      maxLength={200}
                    />
                  </Form.Item>
                  <RemoveButton onClick={() => remove(f.name)} />
                </Space.Compact>
              </Spot>
            ))}
            <Button
              type="dashed"
              icon={<PlusOutlined />}
              onClick={() => add({ title: '' })}
              style={{ marginBottom: 16 }}
            >
              {t.addAttachment}
            </Button>
          </>
        )}
      </Form.List>

      <Spot field="slogans" onPick={onPick}>
        <Form.Item name="slogans" label={t.fieldLabels.slogans} extra={t.slogansHint}>
          <Input.TextArea autoSize={{ minRows: 2, maxRows: 12 }} />
        </Form.Item>
      </Spot>

      <Typography.Title level={5}>{t.fieldLabels.cites}</Typography.Title>
      <Form.List name="cites">
        {(fields, { add, remove }) => (
          <>
            {fields.map((f, i) => (
              <Spot key={f.key} field="cites" index={i} onPick={onPick}>
                <Space.Compact style={{ width: '100%', marginBottom: 8 }}>
                  <Form.Item name={[f.name, 'docNumber']} noStyle>
                    <Input style={{ width: '35%' }} placeholder={t.citeNumber} maxLength={40} />
                  </Form.Item>
                  <Form.Item name={[f.name, 'title']} noStyle>
                    <Input placeholder={t.citeTitle} maxLength={200} />
                  </Form.Item>
                  <RemoveButton onClick={() => remove(f.name)} />
                </Space.Compact>
              </Spot>
            ))}
            <Button
              type="dashed"
              icon={<PlusOutlined />}
              onClick={() => add({ docNumber: '', title: '' })}
              style={{ marginBottom: 16 }}
            >
              {t.addCite}
            </Button>
          </>
        )}
      </Form.List>

      <Spot field="coIssuers" onPick={onPick}>
        <Form.Item name="coIssuers" label={t.fieldLabels.coIssuers}>
          <Select {...tags} aria-label={t.fieldLabels.coIssuers} />
        </Form.Item>
      </Spot>
    </Form>
  );
}
