import type { ReportKind } from './parsed-notice.ts';
import { REPORT_KINDS } from './parsed-notice.ts';

const PATTERNS: [ReportKind, RegExp][] = [
  // 活动开展情况 / 工作开展情况 is the account of what was done, i.e. the summary.
  ['活动总结', /总结|活动情况|开展情况/],
  ['统计表', /统计表|报表|统计数据/],
  ['典型案例', /案例|典型经验|典型做法|经验做法/],
  ['图片', /图片|照片|图像|影像/],
  ['视频', /视频|影像/],
  ['进展情况', /进展情况|进展/],
  ['存在问题', /存在(?:的)?问题|困难问题/],
  ['意见建议', /意见建议|意见和建议|建议/],
  ['活动方案', /方案/],
  ['需求表', /需求表/],
  // Essays, entries and entry forms of a contest (征文、作品、报名表) fit no other kind.
  ['其他', /其他材料|其它材料|其他资料|征文作品|参赛作品|稿件|报名表/],
];

/** Maps what a submission sentence asks for onto the fixed report kinds (in their fixed order). */
export function requiredReports(sentence: string): ReportKind[] {
  // Only what is sent: the part between 将 and the sending verb when both are there.
  const from = sentence.indexOf('将');
  const what = from >= 0 ? sentence.slice(from) : sentence;
  const found = new Set<ReportKind>();
  for (const [kind, re] of PATTERNS) if (re.test(what)) found.add(kind);
  return REPORT_KINDS.filter((k) => found.has(k));
}

/** A sentence that asks for something to be sent back. */
// A bare 报 counts when a body follows it: …前将活动总结报县市场监管局.
export const SUBMISSION =
  /报送|上报|报至|报给|反馈|提交|寄送|发送至|送至|交至|报来|投稿|截止|报(?=县|市|省|区|州|盟|旗|乡|镇|局|办|委|所|科|部|厅|中心|协会)/;
