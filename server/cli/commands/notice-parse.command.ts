import { parseNoticeWithEvidence } from '../../../domain/notice-parser/notice-parser.ts';
import { NoticeFileError, readNoticeBuffer, readNoticeFile } from '../../documents/notice-file-reader.ts';
import { CliUsageError, type CliCommand } from '../cli-command.ts';

async function readStdin(): Promise<Buffer> {
  const chunks: Buffer[] = [];
  for await (const chunk of process.stdin) chunks.push(Buffer.isBuffer(chunk) ? chunk : Buffer.from(String(chunk)));
  return Buffer.concat(chunks);
}

/**
 * `notice parse FILE --json`: the structured draft of a received notice (issue 4), as one JSON object; beside
 * its fields, `confidence` (0..1 per headline field) and `candidates` (the values weighed for it, best first).
 */
export const noticeParseCommand: CliCommand = {
  words: ['notice', 'parse'],
  usage: 'notice parse FILE --json   把收到的通知（.docx/.pdf/.txt，- 表示标准输入）解析为结构化草稿 JSON',
  async run(ctx) {
    const file = ctx.args[0];
    if (file === undefined || file === '') throw new CliUsageError('缺少文件：用法 notice parse FILE --json');
    if (ctx.args.length > 1) throw new CliUsageError(`只能解析一个文件，收到了 ${ctx.args.length} 个参数`);
    let text: string;
    try {
      text = file === '-' ? await readNoticeBuffer(await readStdin(), 'stdin.txt') : await readNoticeFile(file);
    } catch (error) {
      if (error instanceof NoticeFileError) throw new CliUsageError(error.message.replace(/\s*\n\s*/g, ' '));
      throw error;
    }
    const { notice, evidence } = parseNoticeWithEvidence(text);
    ctx.out(JSON.stringify({ ...notice, confidence: evidence.confidence, candidates: evidence.candidates }, null, 2));
    return 0;
  },
};
