import { DomainError } from '../../../domain/errors/domain-error.ts';
import { normaliseNoticeDocNumber } from '../../../domain/notices/cascade-rules.ts';
import * as repo from '../../db/repositories/notice.repository.ts';
import { CliUsageError, type CliCommand } from '../cli-command.ts';

export const noticeTreeCommand: CliCommand = {
  words: ['notice', 'tree'],
  usage: 'notice tree --doc "<文号>" | --title "<标题>"   打印通知下发树（每级缩进两个空格）',
  async run(ctx) {
    const doc = typeof ctx.flags.doc === 'string' ? ctx.flags.doc : undefined;
    const title = typeof ctx.flags.title === 'string' ? ctx.flags.title : undefined;
    if (!doc && !title) throw new CliUsageError('请用 --doc "<文号>" 或 --title "<标题>" 指定通知');
    const { db } = await ctx.database();
    const matches = doc
      ? await repo.findByDocNumber(db, normaliseNoticeDocNumber(doc) ?? doc)
      : await repo.findByTitle(db, title ?? '');
    if (matches.length === 0) throw new DomainError('NOTICE_NOT_FOUND');
    if (matches.length > 1) {
      ctx.err(
        `有 ${matches.length} 份通知符合条件，请改用 --title 区分：${matches.map((m) => `${m.issuerName}《${m.title}》`).join('；')}`,
      );
      return 1;
    }
    const root = matches[0];
    if (!root) return 1;
    const rows = await repo.subtree(db, root);
    const names = await repo.unitNames(db, [...new Set(rows.map((r) => r.issuerUnitId))]);
    const children = new Map<number | null, repo.NoticeRow[]>();
    for (const r of rows) {
      const key = r.id === root.id ? null : r.parentId;
      children.set(key, [...(children.get(key) ?? []), r]);
    }
    const print = (n: repo.NoticeRow, level: number): void => {
      ctx.out(
        `${'  '.repeat(level)}${names.get(n.issuerUnitId)?.name ?? n.issuerName}  ${n.docNumber ?? '无文号'}  ${n.title}  截止 ${n.deadline ?? '未注明'}`,
      );
      for (const c of children.get(n.id) ?? []) print(c, level + 1);
    };
    print(root, 0);
    return 0;
  },
};
