import type { CliCommand } from './cli-command.ts';
import { auditVerifyCommand } from './commands/audit-verify.command.ts';

export const commands: CliCommand[] = [auditVerifyCommand];
