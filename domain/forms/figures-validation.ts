import type { FormDefinition, FormRule } from './form.ts';
import { evaluate, parseRule, type Expr } from './rule-expression.ts';

/** A cell as typed: a number, or null when left blank. */
export type Figure = number | null;

export interface CellProblem {
  code: string;
  label: string;
  message: string;
}
export interface RuleResult {
  rule: FormRule;
  passed: boolean;
}
export interface FiguresCheck {
  cells: CellProblem[];
  rules: RuleResult[];
  blocking: boolean;
  needsExplanation: boolean;
}

const compiled = new WeakMap<FormDefinition, Expr[]>();

function rulesOf(form: FormDefinition): Expr[] {
  let list = compiled.get(form);
  if (!list) {
    const codes = new Set(form.indicators.map((i) => i.code));
    list = form.rules.map((r) => parseRule(r.expr, codes));
    compiled.set(form, list);
  }
  return list;
}

/** Checks each figure against its indicator, then the form's rules over all figures. */
export function checkFigures(form: FormDefinition, figures: Figure[]): FiguresCheck {
  const cells: CellProblem[] = [];
  form.indicators.forEach((ind, i) => {
    const v = figures[i] ?? null;
    const problem = (message: string): void => {
      cells.push({ code: ind.code, label: ind.label, message });
    };
    if (v === null) {
      if (ind.required) problem('必填');
      return;
    }
    if (!Number.isFinite(v)) problem('应为数字');
    else if (ind.type === 'integer' && !Number.isInteger(v)) problem('应为整数');
    else if (ind.type === 'decimal2' && Math.round(v * 100) / 100 !== v) problem('最多两位小数');
    else if (v < ind.min) problem(ind.min === 0 ? '不能为负数' : `不能小于 ${ind.min}`);
    else if (v > ind.max) problem(`不能大于 ${ind.max.toLocaleString('zh-CN')}`);
  });
  const index = new Map(form.indicators.map((ind, i) => [ind.code, i]));
  const value = (code: string): number => figures[index.get(code) ?? -1] ?? 0;
  const rules = rulesOf(form).map((expr, i) => ({
    rule: form.rules[i] as FormRule,
    passed: evaluate(expr, value) !== 0,
  }));
  return {
    cells,
    rules,
    blocking: cells.length > 0 || rules.some((r) => !r.passed && r.rule.level === 'error'),
    needsExplanation: rules.some((r) => !r.passed && r.rule.level === 'explain'),
  };
}

/** Every rule parses and refers only to the form's indicators (checked when a form is saved). */
export function formProblems(form: FormDefinition): string[] {
  const codes = new Set<string>();
  const problems: string[] = [];
  for (const ind of form.indicators) {
    if (!/^[a-z][a-z0-9_]*$/.test(ind.code)) problems.push(`指标代码“${ind.code}”只能包含小写字母、数字和下划线`);
    if (codes.has(ind.code)) problems.push(`指标代码“${ind.code}”重复`);
    codes.add(ind.code);
    if (ind.min > ind.max) problems.push(`指标“${ind.label}”的下限大于上限`);
  }
  for (const r of form.rules) {
    try {
      parseRule(r.expr, codes);
    } catch (err) {
      problems.push(`规则“${r.expr}”：${err instanceof Error ? err.message : String(err)}`);
    }
  }
  return problems;
}
