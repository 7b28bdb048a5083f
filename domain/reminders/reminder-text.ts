import type { DueReminder } from './reminder-schedule.ts';

export interface NoticeRef {
  title: string;
  docNumber: string | null;
  deadline: string | null;
  issuerName: string;
}

const cnDate = (iso: string): string =>
  `${Number(iso.slice(0, 4))}年${Number(iso.slice(5, 7))}月${Number(iso.slice(8, 10))}日`;
const named = (n: NoticeRef): string => `《${n.title}》${n.docNumber ? `（${n.docNumber}）` : ''}`;

export interface MessageText {
  title: string;
  body: string;
}

/** The automatic reminder to a unit that has not reported. */
export function automaticReminder(n: NoticeRef, unitName: string, due: DueReminder): MessageText {
  const deadline = n.deadline ? cnDate(n.deadline) : '';
  const when = due.late
    ? `已超过截止日期（${deadline}）${-due.daysLeft} 天`
    : due.daysLeft === 0
      ? `今天（${deadline}）截止`
      : `将于 ${deadline} 截止，还有 ${due.daysLeft} 天`;
  return {
    title: due.late ? `逾期未报：${n.title}` : `催报：${n.title}`,
    body:
      `${unitName}：${n.issuerName}印发的${named(n)}要求报送的材料${when}，贵单位尚未提交，请尽快登录质量月平台填报。` +
      (due.copySuperior ? '（已抄送上级单位）' : ''),
  };
}

/** The copy to the superior of a late unit. */
export function escalationNotice(n: NoticeRef, lateUnitName: string, due: DueReminder): MessageText {
  return {
    title: `下级单位逾期未报：${lateUnitName}`,
    body: `${lateUnitName}尚未报送${n.issuerName}印发的${named(n)}要求的材料，已超过截止日期（${n.deadline ? cnDate(n.deadline) : ''}）${-due.daysLeft} 天，请督促其尽快填报。`,
  };
}

/** A manual reminder (催报) with the issuer's own words. */
export function manualReminder(n: NoticeRef, unitName: string, message: string): MessageText {
  return {
    title: `催报：${n.title}`,
    body: `${unitName}：${message.trim()}\n\n—— ${n.issuerName}，关于${named(n)}${n.deadline ? `，截止日期 ${cnDate(n.deadline)}` : ''}`,
  };
}

/** A report returned for correction, or accepted. */
export function reviewDecision(n: NoticeRef, kind: 'returned' | 'accepted', reason: string | null): MessageText {
  return kind === 'returned'
    ? {
        title: `报表被退回：${n.title}`,
        body: `${n.issuerName}退回了贵单位对${named(n)}的填报${reason ? `，原因：${reason}` : ''}。请修改后重新提交。`,
      }
    : { title: `报表已审核通过：${n.title}`, body: `${n.issuerName}已审核通过贵单位对${named(n)}的填报，报表已锁定。` };
}
