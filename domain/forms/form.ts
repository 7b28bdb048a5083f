export const INDICATOR_TYPES = ['integer', 'decimal2'] as const;
export type IndicatorType = (typeof INDICATOR_TYPES)[number];
export const RULE_LEVELS = ['error', 'warning', 'explain'] as const;
export type RuleLevel = (typeof RULE_LEVELS)[number];

export interface Indicator {
  /** Stable across versions; rules refer to it. */
  code: string;
  label: string;
  /** Group labels from the outside in, as printed: ["宣传活动", "领导参与情况"]. */
  group: string[];
  unit: string;
  type: IndicatorType;
  min: number;
  max: number;
  required: boolean;
  /** Printed on the same row as this other indicator (播放…次 with 总时长). */
  sameRowAs?: string;
}

export interface FormRule {
  expr: string;
  level: RuleLevel;
  message: string;
}

/** A statistics form: data, not code. A report stores its figures in indicator order. */
export interface FormDefinition {
  code: string;
  version: number;
  name: string;
  /** The printed title: 2024年“质量月”活动统计表. */
  title: string;
  indicators: Indicator[];
  rules: FormRule[];
}

export const DEFAULT_MAX = 1e9;
