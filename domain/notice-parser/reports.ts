import type { ReportKind } from './parsed-notice.ts';
import { REPORT_KINDS } from './parsed-notice.ts';

const PATTERNS: [ReportKind, RegExp][] = [
  ['活动总结', /总结|活动情况/],
  ['统计表', /统计表|报表/],
  ['典型案例', /案例/],
  ['图片', /图片|照片|图像|影像/],
  ['视频', /视频|影像/],
  ['进展情况', /进展情况|进展/],
  ['存在问题', /存在(?:的)?问题|困难问题/],
  ['意见建议', /意见建议|意见和建议|建议/],
  ['活动方案', /方案/],
  ['需求表', /需求表/],
  ['其他', /其他材料|其它材料|其他资料/],
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
export const SUBMISSION = /报送|上报|报至|报给|反馈|提交|寄送|发送至|送至|交至|报来|投稿|截止/;
