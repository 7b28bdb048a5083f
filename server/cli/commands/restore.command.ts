import { createReadStream } from 'node:fs';
import { access, constants } from 'node:fs/promises';
import { restoreBackup } from '../../services/backup.service.ts';
import { localStorageIn } from '../../storage/local-disk.storage.ts';
import { CliUsageError, type CliCommand } from '../cli-command.ts';

// Not through ctx.database(): that would migrate and load the demo into the empty target (CONTRACTS.md).
export const restoreCommand: CliCommand = {
  words: ['restore'],
  usage: 'restore FILE.tar                      把备份恢复到空的数据目录或空数据库（目标非空时退出码 1）',
  async run(ctx) {
    const file = ctx.args[0];
    if (!file) throw new CliUsageError('需要备份文件：restore FILE.tar');
    try {
      await access(file, constants.R_OK);
    } catch {
      throw new CliUsageError(`无法读取备份文件：${file}`);
    }
    const result = await restoreBackup(
      { dataDir: ctx.env.dataDir, databaseUrl: ctx.env.DATABASE_URL, storage: localStorageIn(ctx.env.dataDir) },
      createReadStream(file),
      (line) => ctx.err(line),
    );
    ctx.out(JSON.stringify({ file, ...result }));
    return 0;
  },
};
