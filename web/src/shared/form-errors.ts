import type { FormInstance } from 'antd';
import { ApiError, errorMessage } from '../api/client.ts';

// Server error codes that belong to one form field rather than to the whole form.
const FIELD_OF_CODE: Record<string, string> = {
  UNIT_NAME_TAKEN: 'name',
  UNIT_ALIAS_TAKEN: 'aliases',
  DIVISION_CODE_UNKNOWN: 'divisionCode',
  DIVISION_CODE_TAKEN: 'divisionCode',
  USERNAME_TAKEN: 'username',
  PASSWORD_TOO_WEAK: 'newPassword',
  NOTICE_DEADLINE_AFTER_PARENT: 'deadline',
  NOTICE_DOC_NUMBER_INVALID: 'docNumber',
  NOTICE_DOC_NUMBER_TAKEN: 'docNumber',
  NOTICE_RECIPIENTS_EMPTY: 'recipientUnitIds',
  NOTICE_RECIPIENT_SELF: 'recipientUnitIds',
  NOTICE_RECIPIENT_OUT_OF_REACH: 'recipientUnitIds',
};

/**
 * Shows a failed save on the form: field-level messages next to their fields (details.issues or known codes),
 * and returns the message for the form-level banner, or null when every problem found a field.
 */
export function applyServerError<T>(form: FormInstance<T>, error: unknown): string | null {
  if (!(error instanceof ApiError)) return errorMessage(error);
  const fieldNames = new Set(Object.keys(form.getFieldsValue(true) as Record<string, unknown>));
  const byField = new Map<string, string[]>();
  const unplaced: string[] = [];
  for (const issue of error.issues) {
    const field = issue.path.replace(/^\//, '').split(/[/.]/)[0] ?? '';
    if (field && fieldNames.has(field)) byField.set(field, [...(byField.get(field) ?? []), issue.message]);
    else unplaced.push(issue.message);
  }
  const codeField = FIELD_OF_CODE[error.code];
  if (codeField && fieldNames.has(codeField)) byField.set(codeField, [error.message]);
  if (byField.size > 0) {
    form.setFields([...byField].map(([name, errors]) => ({ name: name as never, errors })));
  }
  if (byField.size === 0) return error.message;
  return unplaced.length > 0 ? unplaced.join('；') : null;
}
