import type { CliCommand } from './cli-command.ts';
import { auditVerifyCommand } from './commands/audit-verify.command.ts';
import { exportStatsCommand } from './commands/export-stats.command.ts';
import { formShowCommand } from './commands/form-show.command.ts';
import { noticeParseCommand } from './commands/notice-parse.command.ts';
import { noticeTreeCommand } from './commands/notice-tree.command.ts';

export const commands: CliCommand[] = [
  auditVerifyCommand,
  exportStatsCommand,
  formShowCommand,
  noticeParseCommand,
  noticeTreeCommand,
];
