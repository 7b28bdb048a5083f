import { Typography } from 'antd';
import { useMemo, useRef, type ClipboardEvent, type KeyboardEvent } from 'react';
import type { FormDefinition } from '../../../../domain/forms/form.ts';
import { messages } from '../../i18n/zh-CN.ts';
import './stats-table.css';
import { formatFigure, groupDepth, parseFigure, pastedCells, tableRows } from './figures.ts';

const t = { ...messages.reporting.table, reviewerComment: (c: string) => `审核意见：${c}` };

interface Props {
  form: FormDefinition;
  /** The cells as typed (editing) or as stored (read-only). */
  texts: string[];
  readOnly: boolean;
  /** Problems per figure index (red under the cell). */
  problems?: Map<number, string>;
  /** Figures changed since the previous submission (highlighted). */
  changed?: Set<number>;
  /** The reviewer's comments per figure index (shown under the cell when a report was returned). */
  comments?: Map<number, string>;
  onChange?: (index: number, text: string) => void;
  /** Several cells at once (a block pasted from a spreadsheet). */
  onChangeMany?: (start: number, texts: string[]) => void;
  onBlur?: () => void;
}

/** The statistics table laid out like the printed one: group labels span rows, one input per figure. */
export function StatsTable({
  form,
  texts,
  readOnly,
  problems,
  changed,
  comments,
  onChange,
  onChangeMany,
  onBlur,
}: Props) {
  const rows = useMemo(() => tableRows(form), [form]);
  const depth = groupDepth(form);
  const inputs = useRef<(HTMLInputElement | null)[]>([]);
  const count = form.indicators.length;

  const focus = (i: number) => {
    const el = inputs.current[Math.max(0, Math.min(count - 1, i))];
    if (el) {
      el.focus();
      el.select();
    }
  };

  const onKeyDown = (i: number) => (e: KeyboardEvent<HTMLInputElement>) => {
    if ((e.key === 'Enter' && !e.shiftKey) || e.key === 'ArrowDown') {
      e.preventDefault();
      focus(i + 1);
    } else if ((e.key === 'Enter' && e.shiftKey) || e.key === 'ArrowUp') {
      e.preventDefault();
      focus(i - 1);
    }
  };

  const onPaste = (i: number) => (e: ClipboardEvent<HTMLInputElement>) => {
    const cells = pastedCells(e.clipboardData.getData('text/plain'));
    if (!cells || !onChangeMany) return;
    e.preventDefault();
    const block = cells.slice(0, count - i);
    onChangeMany(i, block);
    focus(i + block.length - 1);
  };

  const cell = (i: number) => {
    const ind = form.indicators[i];
    if (!ind) return null;
    const text = texts[i] ?? '';
    const problem = problems?.get(i);
    const isChanged = changed?.has(i) ?? false;
    const comment = comments?.get(i);
    const value = readOnly ? formatFigure(ind, parseFigure(text) ?? null) : text;
    return (
      <span className="stats-cell" key={ind.code}>
        {readOnly ? (
          <span
            className={`stats-value${isChanged ? ' stats-changed' : ''}${comment ? ' stats-commented' : ''}`}
            data-testid={`cell-${ind.code}`}
            data-changed={isChanged || undefined}
            title={isChanged ? t.changedCell : undefined}
            aria-label={ind.label}
          >
            {value === '' ? '—' : value}
          </span>
        ) : (
          <input
            ref={(el) => {
              inputs.current[i] = el;
            }}
            className={`stats-input${problem ? ' stats-input-error' : ''}${isChanged ? ' stats-changed' : ''}${comment ? ' stats-commented' : ''}`}
            data-testid={`cell-${ind.code}`}
            aria-label={ind.label}
            aria-invalid={problem ? true : undefined}
            inputMode={ind.type === 'decimal2' ? 'decimal' : 'numeric'}
            autoComplete="off"
            value={value}
            onChange={(e) => onChange?.(i, e.target.value)}
            onKeyDown={onKeyDown(i)}
            onPaste={onPaste(i)}
            onBlur={onBlur}
            onFocus={(e) => {
              e.target.select();
            }}
          />
        )}
        <span className="stats-unit">{ind.unit}</span>
        {problem && (
          <Typography.Text type="danger" className="stats-problem" data-testid={`problem-${ind.code}`}>
            {problem}
          </Typography.Text>
        )}
        {comment && (
          <Typography.Text type="warning" className="stats-problem" data-testid={`comment-${ind.code}`}>
            {t.reviewerComment(comment)}
          </Typography.Text>
        )}
      </span>
    );
  };

  return (
    <div className="stats-table-wrap">
      <table className="stats-table" data-testid="stats-table">
        <thead>
          <tr>
            <th colSpan={depth + 1}>{t.item}</th>
            <th>{t.value}</th>
          </tr>
        </thead>
        <tbody>
          {rows.map((row) => {
            const first = form.indicators[row.figures[0] ?? 0];
            const open = row.groupCells.length;
            return (
              <tr key={first?.code}>
                {row.groupCells.map((g, level) =>
                  g ? (
                    <th key={level} rowSpan={g.rowSpan} scope="rowgroup" className="stats-group">
                      {g.label}
                    </th>
                  ) : null,
                )}
                <td colSpan={depth - open + 1} className="stats-label">
                  {first?.label}
                </td>
                <td className="stats-values">
                  {row.figures.map((i, k) => (
                    <span key={i} className="stats-pair">
                      {k > 0 && <span className="stats-pair-label">{form.indicators[i]?.label}</span>}
                      {cell(i)}
                    </span>
                  ))}
                </td>
              </tr>
            );
          })}
        </tbody>
      </table>
    </div>
  );
}
