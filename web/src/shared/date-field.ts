import dayjs from 'dayjs';

export const DATE_FORMAT = 'YYYY-MM-DD';

/** Form.Item props for a DatePicker whose value lives in the form as a YYYY-MM-DD string (drafts survive JSON). */
export const dateItemProps = {
  getValueProps: (v: unknown) => ({ value: typeof v === 'string' && v ? dayjs(v, DATE_FORMAT) : null }),
  normalize: (d: unknown) => (dayjs.isDayjs(d) ? d.format(DATE_FORMAT) : null),
};
