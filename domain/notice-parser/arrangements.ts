import type { NoticeArrangement, NoticeItem, NoticeSection, NoticeTable } from './parsed-notice.ts';
import { sentences, splitUnits, unique } from './document-lines.ts';
import { squeeze } from './text-cleaner.ts';

type Role = 'lead' | 'responsible' | 'cooperating' | 'implementing';

export interface Roles {
  lead: string[];
  responsible: string[];
  cooperating: string[];
  implementing: string[];
}

const ARRANGEMENT_HEADING = /^(?:重点安排|重点工作|活动安排|主要活动|重点任务|工作安排|主要任务|重点活动|具体安排)$/;
/** clause = units + role word: 质量发展科负责 / 各县市区局配合 / 相关科室和各县市区局实施 */
const CLAUSE = /^(.+?)(牵头负责|负责牵头|牵头|负责|配合|协助|协同|参与|组织实施|实施|落实)$/;
/** How the units share a role, not a unit: （市市场监管局、市经信局按职责分工负责）. */
const QUALIFIER =
  /(?:按照?职责分工|按职责|依职责|分别|共同|具体)(?=(?:牵头|负责|配合|协助|协同|参与|组织实施|实施|落实)$)/;
const ROLE_LABEL = /^(牵头|责任|配合|协助|参与|实施|主办|承办)(?:部门|单位|处室|科室)[：:](.+)$/;

function roleOf(word: string): Role {
  if (word.includes('牵头')) return 'lead';
  if (word === '负责') return 'responsible';
  if (word === '实施' || word === '组织实施' || word === '落实') return 'implementing';
  return 'cooperating';
}

function labelRole(label: string): Role {
  switch (label) {
    case '牵头':
    case '主办':
      return 'lead';
    case '责任':
      return 'responsible';
    case '实施':
      return 'implementing';
    default:
      return 'cooperating';
  }
}

export function emptyRoles(): Roles {
  return { lead: [], responsible: [], cooperating: [], implementing: [] };
}

function hasRoles(r: Roles): boolean {
  return r.lead.length + r.responsible.length + r.cooperating.length + r.implementing.length > 0;
}

function add(r: Roles, role: Role, units: string[]): void {
  r[role] = unique([...r[role], ...units.filter((u) => u.length >= 2 && u.length <= 40)]);
}

const UNIT_END = /(?:局|科|处|室|部门|单位|委|办|中心|协会|会|所|站|队|院|厅|政府|街道|乡镇|小组|企业|机构|组织)$/;

/** Clauses that are nothing but units and their roles; null when any clause is something else. */
function roleClauses(text: string, unitsOnly: boolean): [Role, string[]][] | null {
  const clauses = squeeze(text)
    .split(/[，,；;]/)
    .filter((c) => c !== '')
    .map((c) => c.replace(/^由/, '').replace(QUALIFIER, ''));
  const out: [Role, string[]][] = [];
  for (const clause of clauses) {
    const m = CLAUSE.exec(clause);
    if (!m) return null;
    const units = splitUnits(m[1] ?? '');
    if (unitsOnly && !units.every((u) => UNIT_END.test(u))) return null;
    out.push([roleOf(m[2] ?? ''), units]);
  }
  return out.length > 0 ? out : null;
}

/**
 * Role markers in parentheses, （质量发展科负责，各县市区局实施）, or as a sentence of their own whose
 * every part names units: 由市局质量发展科牵头，各县市区局配合。
 */
export function rolesInText(text: string): Roles {
  const roles = emptyRoles();
  const groups = (text.match(/[（(][^（）()]{2,120}[)）]/g) ?? []).map((g) => roleClauses(g.slice(1, -1), false));
  const plain = sentences(text.replace(/[（(][^（）()]*[)）]/g, ''))
    .filter((s) => s.length <= 80)
    .map((s) => roleClauses(s.replace(/[。；！]$/, ''), true));
  for (const parsed of [...groups, ...plain]) {
    for (const [role, units] of parsed ?? []) add(roles, role, units);
  }
  return roles;
}

export function rolesFromLabels(lines: string[], into: Roles): Roles {
  for (const line of lines) {
    const m = ROLE_LABEL.exec(line);
    if (m) add(into, labelRole(m[1] ?? ''), splitUnits((m[2] ?? '').replace(/[。；]$/, '')));
  }
  return into;
}

function titleOf(item: NoticeItem): string {
  if (item.heading) return item.heading;
  const first = sentences(item.text)[0] ?? item.text;
  return first.replace(/[。；]$/, '');
}

/**
 * Items of a 重点安排-type section, plus any item or table row that names responsible units.
 * Digest sections of attachments count only through their markers.
 */
export function extractArrangements(
  sections: NoticeSection[],
  attachmentSections: Set<NoticeSection>,
  roleLines: Map<NoticeItem, string[]>,
  tables: NoticeTable[],
): NoticeArrangement[] {
  const out: NoticeArrangement[] = [];
  for (const section of sections) {
    const keySection = !attachmentSections.has(section) && ARRANGEMENT_HEADING.test(squeeze(section.heading));
    for (const item of section.items) {
      const roles = rolesFromLabels(roleLines.get(item) ?? [], rolesInText(item.text));
      if (!keySection && !hasRoles(roles)) continue;
      out.push({ title: titleOf(item), text: item.text, ...roles });
    }
  }
  for (const table of tables) out.push(...tableArrangements(table));
  return out;
}

/** Rows of a table with 牵头部门 / 责任单位 / 协助部门 / 配合单位 columns. */
function tableArrangements(table: NoticeTable): NoticeArrangement[] {
  const header = table.header.map(squeeze);
  const col = (re: RegExp): number => header.findIndex((h) => re.test(h));
  const lead = col(/牵头/);
  const responsible = col(/责任|负责/);
  const cooperating = col(/协助|配合|参与|协同/);
  const implementing = col(/实施/);
  if (lead < 0 && responsible < 0 && cooperating < 0) return [];
  const roleCols = new Set([lead, responsible, cooperating, implementing]);
  const name = col(/名称|项目|任务|活动|工作|事项/);
  const out: NoticeArrangement[] = [];
  for (const row of table.rows) {
    const texts = row
      .filter((_, k) => !roleCols.has(k) && k !== name && !/序号|编号/.test(header[k] ?? ''))
      .filter((c) => c !== '');
    const title = (name >= 0 ? row[name] : texts.shift()) ?? '';
    if (title === '') continue;
    const units = (k: number): string[] => (k >= 0 ? splitUnits(row[k] ?? '') : []);
    out.push({
      title,
      text: texts.join('；'),
      lead: units(lead),
      responsible: units(responsible),
      cooperating: units(cooperating),
      implementing: units(implementing),
    });
  }
  return out;
}
