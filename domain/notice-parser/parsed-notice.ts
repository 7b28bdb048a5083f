// The JSON contract of issue 4 (notice import). Field order matches the contract.

export type ReportKind =
  | '活动总结'
  | '统计表'
  | '典型案例'
  | '图片'
  | '视频'
  | '进展情况'
  | '存在问题'
  | '意见建议'
  | '活动方案'
  | '需求表'
  | '其他';

export interface NoticeContact {
  name: string | null;
  phone: string[];
  fax: string[];
  email: string[];
  address: string | null;
}

export interface NoticeItem {
  /** As written: "（一）", "1.", "一". */
  number: string | null;
  heading: string | null;
  text: string;
}

export interface NoticeSection {
  number: string | null;
  heading: string;
  items: NoticeItem[];
}

export interface NoticeArrangement {
  title: string;
  text: string;
  lead: string[];
  responsible: string[];
  cooperating: string[];
  implementing: string[];
}

export interface NoticeAttachment {
  /** Digits only: "1". */
  number: string | null;
  title: string;
}

export interface NoticeCite {
  docNumber: string | null;
  title: string | null;
}

export interface NoticeTable {
  title: string | null;
  header: string[];
  rows: string[][];
}

export interface DatePeriod {
  start: string;
  end: string;
}

export interface ParsedNotice {
  title: string | null;
  docNumber: string | null;
  issuer: string | null;
  coIssuers: string[];
  /** YYYY-MM-DD, Asia/Shanghai calendar date. */
  issuedOn: string | null;
  recipients: string[];
  theme: string | null;
  period: DatePeriod | null;
  deadline: string | null;
  requiredReports: ReportKind[];
  contacts: NoticeContact[];
  sections: NoticeSection[];
  arrangements: NoticeArrangement[];
  attachments: NoticeAttachment[];
  slogans: string[];
  cites: NoticeCite[];
  tables: NoticeTable[];
  forwarded: ParsedNotice | null;
}

export const REPORT_KINDS: readonly ReportKind[] = [
  '活动总结',
  '统计表',
  '典型案例',
  '图片',
  '视频',
  '进展情况',
  '存在问题',
  '意见建议',
  '活动方案',
  '需求表',
  '其他',
];

export function emptyNotice(): ParsedNotice {
  return {
    title: null,
    docNumber: null,
    issuer: null,
    coIssuers: [],
    issuedOn: null,
    recipients: [],
    theme: null,
    period: null,
    deadline: null,
    requiredReports: [],
    contacts: [],
    sections: [],
    arrangements: [],
    attachments: [],
    slogans: [],
    cites: [],
    tables: [],
    forwarded: null,
  };
}
