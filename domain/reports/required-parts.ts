/**
 * What a notice's 要求报送 asks of each unit's report, and whether a report has it. A notice collects reports when
 * it asks for anything (or carries a statistics form); submit refuses a report that lacks a required part.
 */

export type PartKind = 'summary' | 'form' | 'progress' | 'cases' | 'photos' | 'videos' | 'stamped' | 'file';

export interface RequiredPart {
  kind: PartKind;
  /** As the notice names it; for a file, the label the unit uploads it under. */
  label: string;
}

/** What a report holds, counted (summary text stripped of markup). */
export interface PartCounts {
  summary: boolean;
  /** The report has been started (its table's own checks decide whether the figures may go up). */
  started: boolean;
  progress: number;
  cases: number;
  photos: number;
  videos: number;
  stamped: number;
  /** Captions of the files uploaded under a label (活动方案, 需求表…). */
  fileLabels: string[];
}

export interface PartStatus extends RequiredPart {
  done: boolean;
}

const KIND_OF: Record<string, PartKind> = {
  活动总结: 'summary',
  // The parser's 存在问题 and 意见建议 are parts of the summary.
  存在问题: 'summary',
  意见建议: 'summary',
  统计表: 'form',
  进展情况: 'progress',
  典型案例: 'cases',
  图片: 'photos',
  视频: 'videos',
  盖章扫描件: 'stamped',
};

const LABEL_OF: Partial<Record<PartKind, string>> = { summary: '活动总结' };

/** The labels the notice form offers; anything else is a file uploaded under its own label (其他（注明）). */
export const FIXED_REPORT_KINDS = ['活动总结', '统计表', '进展情况', '典型案例', '图片', '视频', '盖章扫描件'] as const;

/** The parts a notice requires, one per kind (files one per label), in the order the notice names them. */
export function requiredParts(requiredReports: readonly string[], hasForm: boolean): RequiredPart[] {
  const out: RequiredPart[] = [];
  const seen = new Set<string>();
  const add = (kind: PartKind, label: string): void => {
    const key = kind === 'file' ? `file:${label}` : kind;
    if (seen.has(key)) return;
    seen.add(key);
    out.push({ kind, label: LABEL_OF[kind] ?? label });
  };
  for (const raw of requiredReports) {
    const label = raw.trim();
    if (!label) continue;
    const kind = KIND_OF[label];
    if (kind === 'form' && !hasForm) continue;
    add(kind ?? 'file', fileLabel(label));
  }
  if (hasForm) add('form', '统计表');
  return out;
}

/** 其他（注明）: the user's own wording in brackets is the label. */
function fileLabel(label: string): string {
  const m = /^其他[（(](.+)[）)]$/.exec(label);
  return m?.[1]?.trim() || label;
}

/** A notice collects (reports, completeness, 催报) when it asks for anything; it reminds when it also has a deadline. */
export const collects = (n: { requiredReports: readonly string[]; formCode: string | null }): boolean =>
  n.formCode !== null || n.requiredReports.some((r) => r.trim() !== '');

export const reminds = (n: {
  requiredReports: readonly string[];
  formCode: string | null;
  deadline: string | null;
}): boolean => collects(n) && n.deadline !== null;

const norm = (s: string): string => s.replace(/\s+/g, '');

export function partStatus(parts: readonly RequiredPart[], c: PartCounts): PartStatus[] {
  const labels = new Set(c.fileLabels.map(norm));
  return parts.map((p) => {
    switch (p.kind) {
      case 'summary':
        return { ...p, done: c.summary };
      case 'form':
        return { ...p, done: c.started };
      case 'progress':
        return { ...p, done: c.progress > 0 };
      case 'cases':
        return { ...p, done: c.cases > 0 };
      case 'photos':
        return { ...p, done: c.photos > 0 };
      case 'videos':
        return { ...p, done: c.videos > 0 };
      case 'stamped':
        return { ...p, done: c.stamped > 0 };
      case 'file':
        return { ...p, done: labels.has(norm(p.label)) };
    }
  });
}

/** The labels of what is still missing, for the submit refusal (活动总结、图片). */
export const missingParts = (status: readonly PartStatus[]): string[] =>
  status.filter((p) => !p.done).map((p) => p.label);

/** Whether counting needs the database beyond the report row (progress, cases, files). */
export const needsCounts = (parts: readonly RequiredPart[]): boolean =>
  parts.some((p) => p.kind !== 'summary' && p.kind !== 'form');
