import type { DocumentLines } from './document-lines.ts';
import { collapse } from './text-cleaner.ts';

const SLOGAN_HEADING = /(?:口号|标语)[：:]?$/;
const NUMBERED = /^\d{1,2}\s*[.．、，,]\s*(.+)$/;
const THEME_LABEL = /^(?:活动)?主题[：:]\s*(.*)$/;

export interface SloganResult {
  slogans: string[];
  theme: string | null;
}

function slogan(text: string): string {
  return collapse(text).replace(/[。；;，,]$/, '');
}

/** Numbered short lines under a heading that names 口号/标语 (and a 主题： line among them). */
export function extractSlogans(doc: DocumentLines): SloganResult {
  const slogans: string[] = [];
  let theme: string | null = null;
  for (let i = 0; i < doc.length; i++) {
    const kind = doc.kind(i);
    if (kind !== 'body' && kind !== 'attachmentTitle' && kind !== 'tableTitle') continue;
    const heading = doc.line(i);
    if (heading.length > 40 || !SLOGAN_HEADING.test(heading) || /[。，]/.test(heading)) continue;
    const labelOnly = /^(?:宣传)?(?:口号|标语)[：:]$/.test(heading);
    if (kind === 'body') doc.claim(i, 'slogan');
    let j = i + 1;
    for (; j < doc.length; j++) {
      if (!doc.isBody(j)) break;
      const line = doc.line(j);
      const t = THEME_LABEL.exec(line);
      if (t) {
        doc.claim(j, 'slogan');
        const inline = (t[1] ?? '').trim();
        if (inline !== '') theme ??= collapse(inline);
        else if (j + 1 < doc.length && doc.isBody(j + 1)) {
          theme ??= collapse(doc.line(j + 1));
          doc.claim(j + 1, 'slogan');
          j++;
        }
        continue;
      }
      if (/^(?:宣传)?(?:口号|标语)[：:]$/.test(line)) {
        doc.claim(j, 'slogan');
        continue;
      }
      const n = NUMBERED.exec(line);
      const text = n ? (n[1] ?? '') : labelOnly ? line : null;
      if (text === null || text.length > 40 || /。/.test(text)) break;
      slogans.push(slogan(text));
      doc.claim(j, 'slogan');
    }
    i = j - 1;
  }
  return { slogans, theme };
}

/** 主题：… anywhere (a slogan attachment opens with it). */
export function themeLabel(doc: DocumentLines): string | null {
  for (let i = 0; i < doc.length; i++) {
    if (!doc.isBody(i)) continue;
    const t = THEME_LABEL.exec(doc.line(i));
    if (!t) continue;
    const inline = (t[1] ?? '').trim();
    if (inline !== '') return collapse(inline);
    if (doc.isBody(i + 1) && doc.line(i + 1).length <= 40) return collapse(doc.line(i + 1));
  }
  return null;
}
