import type { NoticeAttachment } from './parsed-notice.ts';
import type { DocumentLines } from './document-lines.ts';
import { tidyText } from './text-cleaner.ts';

const LIST_LABEL = /^[-•·●▪*]?\s*附\s*件\s*[：:]\s*(.*)$/;
const NUMBERED = /^(\d{1,2})\s*[.．、，,]\s*(.+)$/;
const BODY_LABEL = /^附\s*件\s*(\d{1,2})\s*[：:]?\s*(.{0,60})$/;

export interface AttachmentBody {
  number: string;
  title: string | null;
  labelIndex: number;
  titleIndex: number;
}

/** "《…的通知》（藏质标办〔2024〕2号）" → "…的通知". */
export function attachmentTitle(raw: string): string {
  let t = tidyText(raw).replace(/[。；;]$/, '');
  const m = /^《(.+)》(?:（[^（）]*）)?$/.exec(t);
  if (m && !/[《》]/.test((m[1] ?? '').replace(/〈|〉/g, ''))) t = m[1] ?? t;
  return t;
}

/** The list after 附件：, one entry per numbered line (or one unnumbered entry). */
export function extractAttachmentList(doc: DocumentLines): NoticeAttachment[] {
  const out: NoticeAttachment[] = [];
  for (let i = 0; i < doc.length; i++) {
    if (!doc.isBody(i)) continue;
    const m = LIST_LABEL.exec(doc.line(i));
    if (!m) continue;
    doc.claim(i, 'attachmentList');
    const first = (m[1] ?? '').trim();
    let j = i + 1;
    let expected = 1;
    if (first !== '') {
      const n = NUMBERED.exec(first);
      if (!n) {
        out.push({ number: null, title: attachmentTitle(first) });
        continue;
      }
      out.push({ number: n[1] ?? null, title: attachmentTitle(n[2] ?? '') });
      expected = Number(n[1]) + 1;
    } else if (j < doc.length && doc.isBody(j) && !NUMBERED.test(doc.line(j)) && !BODY_LABEL.test(doc.line(j))) {
      out.push({ number: null, title: attachmentTitle(doc.line(j)) });
      doc.claim(j, 'attachmentList');
      continue;
    }
    // Numbered entries follow while the numbers count up.
    for (; j < doc.length; j++) {
      const n = NUMBERED.exec(doc.line(j));
      if (!n || !doc.isBody(j) || Number(n[1]) !== expected) break;
      out.push({ number: n[1] ?? null, title: attachmentTitle(n[2] ?? '') });
      doc.claim(j, 'attachmentList');
      expected++;
    }
    i = j - 1;
  }
  return out;
}

/** "附件1" / "附件 2：标题" labels that open an attachment's body. */
export function extractAttachmentBodies(doc: DocumentLines): AttachmentBody[] {
  const out: AttachmentBody[] = [];
  for (let i = 0; i < doc.length; i++) {
    if (!doc.isBody(i)) continue;
    const m = BODY_LABEL.exec(doc.line(i));
    if (!m) continue;
    doc.claim(i, 'attachmentLabel');
    const inline = (m[2] ?? '').trim();
    let title: string | null = inline === '' ? null : attachmentTitle(inline);
    let titleIndex = -1;
    if (title === null) {
      // The title is the next line, unless OCR put the next label there first.
      for (let j = i + 1; j < Math.min(doc.length, i + 3); j++) {
        const next = doc.line(j);
        if (BODY_LABEL.test(next)) continue;
        if (
          (doc.isBody(j) || doc.kind(j) === 'tableTitle') &&
          next.length <= 80 &&
          !/。$/.test(next) &&
          !/^\d{1,2}[.．、]/.test(next)
        ) {
          title = attachmentTitle(next);
          titleIndex = j;
          if (doc.isBody(j)) doc.claim(j, 'attachmentTitle');
        }
        break;
      }
    }
    out.push({ number: m[1] ?? '', title, labelIndex: i, titleIndex });
  }
  return out;
}

function titleKey(title: string): string {
  return title.replace(/[\s“”"《》〈〉的]/g, '');
}

const ISSUES_BEFORE = /印发\s*《([^《》]{2,80})》/g;
const ISSUES_AFTER = /《([^《》]{2,80})》[^《》。]{0,10}印发/g;

/**
 * Attachment bodies that hold the plan this notice issues (印发《X》 / 现将《X》印发给你们):
 * the plan is the notice's own content, so it is parsed as body text, not as an attachment digest.
 */
export function issuedPlanBodies(
  doc: DocumentLines,
  bodies: AttachmentBody[],
  ownTitle: string | null,
): Set<AttachmentBody> {
  const issued = new Set<string>();
  const texts = [ownTitle ?? ''];
  for (let i = 0; i < Math.min(doc.length, 60); i++)
    if (doc.isBody(i) || doc.kind(i) === 'head') texts.push(doc.line(i));
  for (const text of texts) {
    if (!text.includes('印发')) continue;
    for (const re of [ISSUES_BEFORE, ISSUES_AFTER]) {
      re.lastIndex = 0;
      for (let m = re.exec(text); m; m = re.exec(text)) issued.add(titleKey(m[1] ?? ''));
    }
  }
  return new Set(bodies.filter((b) => b.title !== null && issued.has(titleKey(b.title))));
}
