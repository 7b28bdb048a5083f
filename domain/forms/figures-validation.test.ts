import { describe, expect, it } from 'vitest';
import { checkFigures, formProblems, type Figure } from './figures-validation.ts';
import { QUALITY_MONTH_2024 } from './quality-month-2024.form.ts';
import { evaluate, parseRule } from './rule-expression.ts';

const form = QUALITY_MONTH_2024;
const codes = form.indicators.map((i) => i.code);
const figures = (values: Record<string, Figure>): Figure[] => codes.map((c) => values[c] ?? 0);

describe('the built-in 2024 form', () => {
  it('has the 31 figures of the printed table in order, and valid rules', () => {
    expect(form.indicators).toHaveLength(31);
    expect(form.indicators[0]).toMatchObject({ label: '省部级', group: ['宣传活动', '领导参与情况'] });
    expect(form.indicators.at(-2)).toMatchObject({ label: '查获假冒伪劣产品货值', unit: '万元', type: 'decimal2' });
    expect(form.indicators.find((i) => i.code === 'broadcast_minutes')?.sameRowAs).toBe('broadcast_count');
    expect(formProblems(form)).toEqual([]);
  });
});

describe('checking figures', () => {
  it('names each bad cell in Chinese', () => {
    const r = checkFigures(
      form,
      figures({ pub_events: -1, ent_count: 2.5, enf_goods_value: 1.234, pub_attendance: 2e9 }),
    );
    expect(r.cells).toEqual([
      { code: 'pub_events', label: '组织活动次数', message: '不能为负数' },
      { code: 'pub_attendance', label: '群众参加人次', message: '不能大于 1,000,000,000' },
      { code: 'ent_count', label: '参与企业数量', message: '应为整数' },
      { code: 'enf_goods_value', label: '查获假冒伪劣产品货值', message: '最多两位小数' },
    ]);
    expect(r.blocking).toBe(true);
  });

  it('accepts 万元 with two decimals and evaluates the warnings', () => {
    const r = checkFigures(
      form,
      figures({ enf_goods_value: 12.34, ent_hazards: 3, ent_solved: 5, broadcast_count: 2, broadcast_minutes: 0 }),
    );
    expect(r.cells).toEqual([]);
    expect(r.rules.filter((x) => !x.passed).map((x) => x.rule.message)).toEqual([
      '解决质量问题数一般不超过查找质量隐患数',
      '填报了广播电视播放次数时，总时长应大于 0',
    ]);
    expect(r.blocking).toBe(false);
  });

  it('asks for an explanation when an explain rule fails', () => {
    expect(checkFigures(form, figures({ pub_attendance: 6_000_000 })).needsExplanation).toBe(true);
  });
});

describe('rule expressions', () => {
  const known = new Set(['a', 'b']);
  const value = (c: string): number => ({ a: 3, b: 4 })[c] ?? 0;
  it('follows precedence and logic', () => {
    expect(evaluate(parseRule('a + b * 2 == 11', known), value)).toBe(1);
    expect(evaluate(parseRule('(a + b) * 2 == 11', known), value)).toBe(0);
    expect(evaluate(parseRule('a > 5 or not b < 1', known), value)).toBe(1);
    expect(evaluate(parseRule('a / 0 == 0 and -a < 0', known), value)).toBe(1);
  });
  it('refuses unknown codes and bad syntax with a Chinese reason', () => {
    expect(() => parseRule('c > 1', known)).toThrow('未知的指标代码：c');
    expect(() => parseRule('a >', known)).toThrow('表达式不完整');
    expect(() => parseRule('a ; b', known)).toThrow('无法识别的字符');
    expect(() => parseRule('(a > 1', known)).toThrow('缺少右括号');
  });
});
