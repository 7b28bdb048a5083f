import { verifyAudit, sealAudit } from '../../services/audit.service.ts';
import type { CliCommand } from '../cli-command.ts';

export const auditVerifyCommand: CliCommand = {
  words: ['audit', 'verify'],
  usage: 'audit verify [--seal] [--json]   校验审计日志哈希链（--seal 先封存未封存的条目）',
  async run(ctx) {
    const database = await ctx.database();
    if (ctx.flags.seal === true) await sealAudit(database.db, ctx.env.AUDIT_HASH);
    const result = await verifyAudit(database.db);
    if (ctx.flags.json === true) ctx.out(JSON.stringify(result));
    else ctx.out(`sealed=${result.sealed} unsealed=${result.unsealed} ${result.ok ? 'intact' : 'BROKEN'}`);
    if (!result.ok && result.broken) {
      ctx.err(
        `审计日志被篡改：链上第 ${result.broken.chainNo} 条（seq ${result.broken.seq}）：${result.broken.reason}`,
      );
      return 1;
    }
    return 0;
  },
};
