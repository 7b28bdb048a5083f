import { Typography } from 'antd';
import { useEffect, useMemo, useRef } from 'react';
import { messages } from '../../i18n/zh-CN.ts';
import type { FieldHighlight } from './notice-import.api.ts';

const t = messages.noticeImport;

/** One colour per field, light enough to read the text through. */
export const FIELD_COLOURS: Record<string, string> = {
  title: '#ffd591',
  docNumber: '#ffadd2',
  issuer: '#d3adf7',
  coIssuers: '#efdbff',
  issuedOn: '#91caff',
  recipients: '#b5f5ec',
  theme: '#ffe58f',
  deadline: '#ff9c6e',
  contacts: '#d9f7be',
  sections: '#e6f4ff',
  arrangements: '#b7eb8f',
  attachments: '#fff1b8',
  slogans: '#ffd6e7',
  cites: '#d6e4ff',
};

export interface ActiveField {
  field: string;
  index?: number | undefined;
}

export const fieldKey = (field: string, index?: number): string =>
  index === undefined ? field : `${field}:${String(index)}`;

interface Segment {
  start: number;
  end: number;
  mark: FieldHighlight | null;
}

/** Cuts the text at every highlight edge; where ranges overlap, the narrowest one wins. */
function segmentsOf(text: string, highlights: FieldHighlight[]): Segment[] {
  const cuts = new Set<number>([0, text.length]);
  for (const h of highlights) {
    cuts.add(Math.max(0, Math.min(text.length, h.start)));
    cuts.add(Math.max(0, Math.min(text.length, h.end)));
  }
  const points = [...cuts].sort((a, b) => a - b);
  const out: Segment[] = [];
  for (let i = 0; i + 1 < points.length; i++) {
    const start = points[i] ?? 0;
    const end = points[i + 1] ?? 0;
    let mark: FieldHighlight | null = null;
    for (const h of highlights) {
      if (h.start <= start && h.end >= end && (!mark || h.end - h.start < mark.end - mark.start)) mark = h;
    }
    const last = out[out.length - 1];
    if (last && last.mark === mark) last.end = end;
    else out.push({ start, end, mark });
  }
  return out;
}

function isActive(h: FieldHighlight, active: ActiveField | null): boolean {
  if (!active || h.field !== active.field) return false;
  return active.index === undefined || h.index === undefined || h.index === active.index;
}

/** The text the parser saw, each located field marked in its colour; the active field is outlined and scrolled into view. */
export function SourceText({
  text,
  highlights,
  active,
  onPick,
}: {
  text: string;
  highlights: FieldHighlight[];
  active: ActiveField | null;
  onPick: (field: ActiveField) => void;
}) {
  const box = useRef<HTMLDivElement>(null);
  const segments = useMemo(() => segmentsOf(text, highlights), [text, highlights]);

  useEffect(() => {
    if (!active || !box.current) return;
    // Any range of the field will do when the exact one lies under a narrower field.
    const target = highlights.find((h) => isActive(h, active));
    if (!target) return;
    const marks = [...box.current.querySelectorAll<HTMLElement>('mark[data-start]')];
    const el =
      marks.find((m) => Number(m.dataset.start) >= target.start && Number(m.dataset.start) < target.end) ??
      marks.find((m) => Number(m.dataset.end) > target.start);
    el?.scrollIntoView({ block: 'center', behavior: 'smooth' });
  }, [active, highlights]);

  return (
    <div
      ref={box}
      data-testid="source-text"
      style={{
        maxHeight: 'calc(100vh - 220px)',
        overflow: 'auto',
        border: '1px solid #f0f0f0',
        borderRadius: 6,
        padding: 12,
        background: '#fff',
      }}
    >
      <pre
        style={{
          whiteSpace: 'pre-wrap',
          wordBreak: 'break-word',
          margin: 0,
          fontFamily: 'inherit',
          fontSize: 14,
          lineHeight: 1.8,
        }}
      >
        {segments.map((s) => {
          const chunk = text.slice(s.start, s.end);
          if (!s.mark) return <span key={s.start}>{chunk}</span>;
          const h = s.mark;
          const on = highlights.some((x) => isActive(x, active) && x.start < s.end && x.end > s.start);
          const label = t.fieldLabels[h.field] ?? h.field;
          return (
            <mark
              key={s.start}
              data-field={h.field}
              data-start={s.start}
              data-end={s.end}
              title={label}
              onClick={() => onPick({ field: h.field, index: h.index })}
              style={{
                background: FIELD_COLOURS[h.field] ?? '#fff566',
                padding: '0 1px',
                borderRadius: 2,
                cursor: 'pointer',
                outline: on ? '2px solid #fa541c' : 'none',
                boxShadow: on ? '0 0 0 2px rgba(250,84,28,0.25)' : 'none',
              }}
            >
              {chunk}
            </mark>
          );
        })}
      </pre>
      {highlights.length === 0 && <Typography.Text type="secondary">{t.noHighlights}</Typography.Text>}
    </div>
  );
}

/** The colour key above the text. */
export function FieldLegend({ fields }: { fields: string[] }) {
  return (
    <div style={{ display: 'flex', flexWrap: 'wrap', gap: 6, marginBottom: 8 }} aria-label={t.legend}>
      {fields.map((f) => (
        <span
          key={f}
          style={{ background: FIELD_COLOURS[f] ?? '#fff566', borderRadius: 4, padding: '0 6px', fontSize: 12 }}
        >
          {t.fieldLabels[f] ?? f}
        </span>
      ))}
    </div>
  );
}
