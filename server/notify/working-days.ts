// Default import: the package's main entry is CommonJS (no named exports under Node's ESM loader).
import chineseDays from 'chinese-days';
import type { WorkingDay } from '../../domain/reminders/reminder-schedule.ts';

/** Working days by the State Council's holiday calendar, make-up working days included (chinese-days). */
export const officialWorkingDay: WorkingDay = (isoDate) => chineseDays.isWorkday(isoDate);
