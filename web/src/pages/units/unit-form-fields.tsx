import { Form, Input, Select } from 'antd';
import { UNIT_KINDS } from '../../api/types.ts';
import { messages } from '../../i18n/zh-CN.ts';
import { kindLabel } from '../../shared/labels.ts';

const t = messages.units;

export interface UnitFormValues {
  name: string;
  kind: (typeof UNIT_KINDS)[number];
  shortName?: string;
  divisionCode?: string;
  aliases?: string[];
  contactPhone?: string;
  contactEmail?: string;
}

/** Optional text: an empty box means "none" to the API. */
export const orNull = (v: string | undefined): string | null => (v && v.trim() ? v.trim() : null);

/** The fields shared by the create modal and the edit drawer. */
export function UnitFormFields({ autoFocus = true }: { autoFocus?: boolean }) {
  return (
    <>
      <Form.Item
        name="name"
        label={t.name}
        rules={[{ required: true, whitespace: true, message: t.nameRequired }, { max: 100 }]}
      >
        <Input autoFocus={autoFocus} maxLength={100} />
      </Form.Item>
      <Form.Item name="kind" label={t.kind} rules={[{ required: true, message: t.kindRequired }]}>
        <Select options={UNIT_KINDS.map((k) => ({ value: k, label: kindLabel(k) }))} />
      </Form.Item>
      <Form.Item name="shortName" label={t.shortName} rules={[{ max: 40 }]}>
        <Input maxLength={40} />
      </Form.Item>
      <Form.Item
        name="divisionCode"
        label={t.divisionCode}
        rules={[{ pattern: /^\d{6}$/, message: t.divisionCodeFormat }]}
      >
        <Input maxLength={6} inputMode="numeric" />
      </Form.Item>
      <Form.Item name="aliases" label={t.aliases} extra={t.aliasesHint}>
        <Select mode="tags" open={false} suffixIcon={null} tokenSeparators={['，', ',']} />
      </Form.Item>
      <Form.Item name="contactPhone" label={t.contactPhone} rules={[{ max: 40 }]}>
        <Input maxLength={40} />
      </Form.Item>
      <Form.Item name="contactEmail" label={t.contactEmail} rules={[{ type: 'email', message: t.emailFormat }]}>
        <Input maxLength={120} />
      </Form.Item>
    </>
  );
}
