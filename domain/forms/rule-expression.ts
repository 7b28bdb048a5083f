// A small, safe expression language for form rules: numbers, indicator codes, + - * /,
// comparisons (< <= > >= == !=), and/or/not, parentheses. Parsed once, evaluated per report.

export type Expr =
  | { kind: 'num'; value: number }
  | { kind: 'ref'; code: string }
  | { kind: 'not'; arg: Expr }
  | { kind: 'neg'; arg: Expr }
  | { kind: 'bin'; op: BinOp; left: Expr; right: Expr };
type BinOp = '+' | '-' | '*' | '/' | '<' | '<=' | '>' | '>=' | '==' | '!=' | 'and' | 'or';

export class RuleSyntaxError extends Error {}

const TOKEN = /\s*(?:(\d+(?:\.\d+)?)|([A-Za-z_][A-Za-z0-9_]*)|(<=|>=|==|!=|[-+*/<>()]))/y;

function tokenize(src: string): string[] {
  const tokens: string[] = [];
  TOKEN.lastIndex = 0;
  let pos = 0;
  while (pos < src.length) {
    if (/^\s*$/.test(src.slice(pos))) break;
    TOKEN.lastIndex = pos;
    const m = TOKEN.exec(src);
    if (!m) throw new RuleSyntaxError(`无法识别的字符：“${src.slice(pos).trim().slice(0, 10)}”`);
    tokens.push(m[1] ?? m[2] ?? m[3] ?? '');
    pos = TOKEN.lastIndex;
  }
  return tokens;
}

const PRECEDENCE: Record<string, number> = {
  or: 1,
  and: 2,
  '<': 3,
  '<=': 3,
  '>': 3,
  '>=': 3,
  '==': 3,
  '!=': 3,
  '+': 4,
  '-': 4,
  '*': 5,
  '/': 5,
};

/** Parses an expression; every identifier must be a known indicator code. */
export function parseRule(src: string, knownCodes: ReadonlySet<string>): Expr {
  const tokens = tokenize(src);
  let i = 0;
  const peek = (): string | undefined => tokens[i];
  const primary = (): Expr => {
    const t = tokens[i++];
    if (t === undefined) throw new RuleSyntaxError('表达式不完整');
    if (t === '(') {
      const e = binary(0);
      if (tokens[i++] !== ')') throw new RuleSyntaxError('缺少右括号');
      return e;
    }
    if (t === 'not') return { kind: 'not', arg: primary() };
    if (t === '-') return { kind: 'neg', arg: primary() };
    if (/^\d/.test(t)) return { kind: 'num', value: Number(t) };
    if (/^[A-Za-z_]/.test(t) && !(t in PRECEDENCE)) {
      if (!knownCodes.has(t)) throw new RuleSyntaxError(`未知的指标代码：${t}`);
      return { kind: 'ref', code: t };
    }
    throw new RuleSyntaxError(`意外的符号：${t}`);
  };
  const binary = (minPrec: number): Expr => {
    let left = primary();
    for (let op = peek(); op !== undefined && (PRECEDENCE[op] ?? 0) > minPrec; op = peek()) {
      i++;
      const right = binary(PRECEDENCE[op] ?? 0);
      left = { kind: 'bin', op: op as BinOp, left, right };
    }
    return left;
  };
  const expr = binary(0);
  if (i !== tokens.length) throw new RuleSyntaxError(`多余的内容：${tokens.slice(i).join(' ')}`);
  return expr;
}

/** Evaluates with blanks as 0; comparisons and logic give 1 or 0. Division by 0 gives 0. */
export function evaluate(e: Expr, value: (code: string) => number): number {
  switch (e.kind) {
    case 'num':
      return e.value;
    case 'ref':
      return value(e.code);
    case 'not':
      return evaluate(e.arg, value) ? 0 : 1;
    case 'neg':
      return -evaluate(e.arg, value);
    case 'bin': {
      const l = evaluate(e.left, value);
      if (e.op === 'and') return l && evaluate(e.right, value) ? 1 : 0;
      if (e.op === 'or') return l || evaluate(e.right, value) ? 1 : 0;
      const r = evaluate(e.right, value);
      switch (e.op) {
        case '+':
          return l + r;
        case '-':
          return l - r;
        case '*':
          return l * r;
        case '/':
          return r === 0 ? 0 : l / r;
        case '<':
          return l < r ? 1 : 0;
        case '<=':
          return l <= r ? 1 : 0;
        case '>':
          return l > r ? 1 : 0;
        case '>=':
          return l >= r ? 1 : 0;
        case '==':
          return Math.abs(l - r) < 1e-9 ? 1 : 0;
        case '!=':
          return Math.abs(l - r) >= 1e-9 ? 1 : 0;
      }
    }
  }
}
