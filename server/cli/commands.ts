import type { CliCommand } from './cli-command.ts';
import { auditVerifyCommand } from './commands/audit-verify.command.ts';
import { backupCommand } from './commands/backup.command.ts';
import { exportStatsCommand } from './commands/export-stats.command.ts';
import { formShowCommand } from './commands/form-show.command.ts';
import { noticeParseCommand } from './commands/notice-parse.command.ts';
import { noticeTreeCommand } from './commands/notice-tree.command.ts';
import { restoreCommand } from './commands/restore.command.ts';

export const commands: CliCommand[] = [
  auditVerifyCommand,
  backupCommand,
  exportStatsCommand,
  formShowCommand,
  noticeParseCommand,
  noticeTreeCommand,
  restoreCommand,
];
