import { getForm } from '../../services/form.service.ts';
import { CliUsageError, type CliCommand } from '../cli-command.ts';

export const formShowCommand: CliCommand = {
  words: ['form', 'show'],
  usage: 'form show <code> [--version N] --json   打印统计表定义（指标按印刷顺序）',
  async run(ctx) {
    const code = ctx.args[0];
    if (!code) throw new CliUsageError('请给出统计表代码，例如 quality-month-2024');
    const version = typeof ctx.flags.version === 'string' ? Number(ctx.flags.version) : undefined;
    if (version !== undefined && !Number.isInteger(version)) throw new CliUsageError('--version 应为整数');
    const form = await getForm((await ctx.database()).db, code, version);
    const out = {
      code: form.code,
      version: form.version,
      name: form.name,
      indicators: form.indicators.map((i) => ({
        code: i.code,
        label: i.label,
        group: i.group,
        unit: i.unit,
        type: i.type,
      })),
      rules: form.rules.map((r) => ({ expr: r.expr, level: r.level, message: r.message })),
    };
    ctx.out(
      ctx.flags.json === true
        ? JSON.stringify(out, null, 2)
        : `${form.name}（${form.code} 第 ${form.version} 版）：${form.indicators.length} 项指标，${form.rules.length} 条规则`,
    );
    return 0;
  },
};
