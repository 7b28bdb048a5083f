import type { NoticeItem, NoticeSection } from './parsed-notice.ts';
import type { DocumentLines } from './document-lines.ts';
import { sentences } from './document-lines.ts';
import type { AttachmentBody } from './attachments.ts';
import { squeeze, tidyText } from './text-cleaner.ts';

const SECTION_CN = /^([一二三四五六七八九十]{1,3})\s*[、.．]\s*(.+)$/;
const SECTION_PART = /^(第[一二三四五六七八九十\d]{1,3}(?:部分|章))\s*(.*)$/;
const NUMBER_ALONE = /^(0\d|[1-9]\d?)$/;
const ITEM_PAREN = /^([（(]\s*(?:[一二三四五六七八九十]{1,3}|\d{1,2})\s*[)）])\s*(.+)$/;
const ITEM_ARABIC = /^(\d{1,2}\s*[.．、])\s*(.+)$/;
const ROLE_LINE = /^(?:牵头|责任|配合|协助|参与|实施|主办|承办)(?:部门|单位|处室|科室)[：:]/;

export interface SectionResult {
  sections: NoticeSection[];
  /** 牵头部门：… lines that belong to an item. */
  roleLines: Map<NoticeItem, string[]>;
  /** Items that belong to attachment bodies (their sections are digests, not arrangements). */
  attachmentSections: Set<NoticeSection>;
}

function isShortHeading(text: string): boolean {
  return squeeze(text).length <= 30 && !/[。；]/.test(text);
}

/**
 * Splits an item into its lead-in and the rest: the label before a colon ("市场监管局：…"),
 * or, in the notice body, a short first sentence ("扎实推进《纲要》贯彻落实。…").
 */
export function itemParts(raw: string, sentenceHeading: boolean): { heading: string | null; text: string } {
  const text = tidyText(raw);
  const label = /^([^，。；：、（）《》“”]{1,20})：(.+)$/.exec(text);
  if (label) return { heading: label[1] ?? null, text: (label[2] ?? '').trim() };
  if (sentenceHeading) {
    const parts = sentences(text);
    const first = parts[0] ?? '';
    const rest = parts.slice(1).join('').trim();
    // A role marker alone after the sentence ("…方法。（质量发展处牵头）") belongs to that sentence.
    if (
      parts.length >= 2 &&
      first.length <= 60 &&
      first.endsWith('。') &&
      !/^[（(][^（）()]*[)）][。；]?$/.test(rest)
    ) {
      return { heading: first.slice(0, -1), text: rest };
    }
  }
  return { heading: null, text };
}

interface ItemSource {
  raw: string;
  sentenceHeading: boolean;
}
const sources = new WeakMap<NoticeItem, ItemSource>();

function makeItem(number: string | null, rest: string, sentenceHeading: boolean): NoticeItem {
  const { heading, text } = itemParts(rest, sentenceHeading);
  const item: NoticeItem = { number, heading, text };
  sources.set(item, { raw: rest, sentenceHeading });
  return item;
}

/** Appends a further paragraph and splits heading and text again over the whole. */
function extendItem(item: NoticeItem, paragraph: string): void {
  const source = sources.get(item);
  if (!source) {
    item.text += tidyText(paragraph);
    return;
  }
  source.raw += paragraph;
  const { heading, text } = itemParts(source.raw, source.sentenceHeading);
  item.heading = heading;
  item.text = text;
}

/** Builds sections from the lines no other extractor claimed. */
export function buildSections(
  doc: DocumentLines,
  bodies: AttachmentBody[],
  startInAttachment = false,
  planBodies = new Set<AttachmentBody>(),
): SectionResult {
  const sections: NoticeSection[] = [];
  const roleLines = new Map<NoticeItem, string[]>();
  const attachmentSections = new Set<NoticeSection>();
  const bodyAt = new Map<number, AttachmentBody>();
  for (const b of bodies) bodyAt.set(b.labelIndex, b);

  let current: NoticeSection | null = null;
  let inAttachment = startInAttachment;
  let attachmentHeading: string | null = null;
  let pendingHeading: string | null = null;
  let lastItem: NoticeItem | null = null;

  const open = (number: string | null, heading: string): NoticeSection => {
    const s: NoticeSection = { number, heading, items: [] };
    sections.push(s);
    if (inAttachment) attachmentSections.add(s);
    current = s;
    lastItem = null;
    return s;
  };
  const addItem = (item: NoticeItem): void => {
    let target: NoticeSection | null = current;
    if (!target) {
      const heading = inAttachment ? attachmentHeading : pendingHeading;
      if (heading === null) return;
      target = open(null, heading);
      attachmentHeading = null;
      pendingHeading = null;
    }
    target.items.push(item);
    lastItem = item;
  };

  for (let i = 0; i < doc.length; i++) {
    const kind = doc.kind(i);
    if (kind === 'attachmentLabel') {
      const body = bodyAt.get(i);
      // The plan a notice issues is read like the notice's own text.
      inAttachment = body === undefined || !planBodies.has(body);
      current = null;
      lastItem = null;
      pendingHeading = null;
      attachmentHeading = inAttachment ? (body?.title ?? null) : null;
      continue;
    }
    if (kind !== 'body') {
      if (kind !== 'head' && kind !== 'attachmentTitle') {
        current = null;
        lastItem = null;
      }
      continue;
    }
    const line = doc.line(i);
    if (ROLE_LINE.test(squeeze(line))) {
      if (lastItem) {
        const list = roleLines.get(lastItem) ?? [];
        list.push(squeeze(line));
        roleLines.set(lastItem, list);
      }
      continue;
    }
    const cn = SECTION_CN.exec(line);
    if (cn && !inAttachment && isShortHeading(cn[2] ?? '')) {
      open(cn[1] ?? null, tidyText(cn[2] ?? ''));
      continue;
    }
    const part = SECTION_PART.exec(line);
    if (part && !inAttachment && isShortHeading(part[2] ?? '')) {
      open(part[1] ?? null, tidyText(part[2] ?? ''));
      continue;
    }
    const alone = NUMBER_ALONE.exec(squeeze(line));
    const next = doc.line(i + 1);
    if (
      alone &&
      !inAttachment &&
      doc.isBody(i + 1) &&
      isShortHeading(next) &&
      squeeze(next).length <= 16 &&
      !ITEM_ARABIC.test(next)
    ) {
      open(alone[1] ?? null, tidyText(next));
      i++;
      continue;
    }
    const sentenceHeading = !inAttachment;
    if (cn) {
      addItem(makeItem(cn[1] ?? null, cn[2] ?? '', sentenceHeading));
      continue;
    }
    const paren = ITEM_PAREN.exec(line);
    if (paren) {
      addItem(
        makeItem(
          squeeze(paren[1] ?? '')
            .replace('(', '（')
            .replace(')', '）'),
          paren[2] ?? '',
          sentenceHeading,
        ),
      );
      continue;
    }
    const arabic = ITEM_ARABIC.exec(line);
    if (arabic && !/^\d{1,2}\s*[.．]\d/.test(line)) {
      addItem(makeItem(squeeze(arabic[1] ?? '').replace('．', '.'), arabic[2] ?? '', sentenceHeading));
      continue;
    }
    // lastItem is set inside the closures above, which narrowing cannot see.
    const previous = lastItem as NoticeItem | null;
    if (current && previous !== null && previous.number !== null) {
      // Further paragraphs of a numbered item belong to it, up to the next number.
      extendItem(previous, line);
    } else if (current) {
      addItem({ number: null, heading: null, text: tidyText(line) });
    } else if (isShortHeading(line) && !/[：:]$/.test(line)) {
      if (inAttachment && attachmentHeading === null) attachmentHeading = tidyText(line);
      else if (!inAttachment) pendingHeading = tidyText(line);
    }
  }
  return {
    sections: sections.filter((s) => s.items.length > 0 || !attachmentSections.has(s)),
    roleLines,
    attachmentSections,
  };
}
