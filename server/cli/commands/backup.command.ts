import { createBackup } from '../../services/backup.service.ts';
import { localStorageIn } from '../../storage/local-disk.storage.ts';
import { CliUsageError, type CliCommand } from '../cli-command.ts';

export const backupCommand: CliCommand = {
  words: ['backup'],
  usage: 'backup --out FILE.tar                 备份数据库与文件（服务运行时也可进行），含行数与 SHA-256 清单',
  async run(ctx) {
    const out = typeof ctx.flags.out === 'string' ? ctx.flags.out : undefined;
    if (!out) throw new CliUsageError('需要 --out FILE.tar');
    const database = await ctx.database();
    const result = await createBackup({ database, storage: localStorageIn(ctx.env.dataDir) }, out, (line) =>
      ctx.err(line),
    );
    ctx.out(JSON.stringify({ file: out, ...result }));
    return 0;
  },
};
