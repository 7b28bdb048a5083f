import { AlignmentType, Document, Footer, LineRuleType, Packer, PageNumber, Paragraph, TextRun } from 'docx';
import type { Digest } from '../../domain/digest/digest-composer.ts';

/*
 * The digest as an editable Word document in the style of the seeds' attachments: 小标宋 title, 3号 仿宋 body with
 * the numbered unit names in 黑体, first lines indented two characters, 28.95 pt lines, A4 with GB/T 9704 margins.
 */
const FONT = { title: '方正小标宋简体', body: '仿宋_GB2312', head: '黑体', note: '楷体_GB2312', page: '宋体' } as const;
const SIZE = { title: 44, body: 32, page: 28 } as const;
const LINE = 579;
const CHAR = 320;
const mm = (v: number): number => Math.round((v * 1440) / 25.4);

const run = (text: string, font: string, size: number = SIZE.body): TextRun =>
  new TextRun({ text, font: { ascii: font, hAnsi: font, eastAsia: font, cs: font }, size });
const spacing = { line: LINE, lineRule: LineRuleType.EXACT } as const;

function footer(): Footer {
  return new Footer({
    children: [
      new Paragraph({
        alignment: AlignmentType.CENTER,
        children: [
          run('— ', FONT.page, SIZE.page),
          new TextRun({ children: [PageNumber.CURRENT], font: FONT.page, size: SIZE.page }),
          run(' —', FONT.page, SIZE.page),
        ],
      }),
    ],
  });
}

export function digestDocx(digest: Digest, author: string): Promise<Buffer> {
  const children: Paragraph[] = [
    new Paragraph({ alignment: AlignmentType.CENTER, spacing, children: [run(digest.title, FONT.title, SIZE.title)] }),
    new Paragraph({ spacing, children: [run('', FONT.body)] }),
  ];
  for (const p of digest.paragraphs) {
    const head = `${p.number}、${p.unitName}：`;
    children.push(
      new Paragraph({
        spacing,
        indent: { firstLine: CHAR * 2 },
        alignment: AlignmentType.JUSTIFIED,
        children: [run(head, FONT.head), run(p.text.slice(head.length), FONT.body)],
      }),
    );
  }
  if (!digest.paragraphs.length)
    children.push(
      new Paragraph({
        spacing,
        indent: { firstLine: CHAR * 2 },
        children: [run('（下级单位尚未登记活动，或登记的活动尚未提交。）', FONT.note)],
      }),
    );
  // Only when the office asked to name them, in its own words (digest.service.ts), in the body font.
  if (digest.missingText)
    children.push(
      new Paragraph({ spacing, indent: { firstLine: CHAR * 2 }, children: [run(digest.missingText, FONT.body)] }),
    );
  const doc = new Document({
    title: digest.title,
    creator: author,
    lastModifiedBy: author,
    styles: {
      default: {
        document: {
          run: { font: { ascii: FONT.body, hAnsi: FONT.body, eastAsia: FONT.body, cs: FONT.body }, size: SIZE.body },
        },
      },
    },
    sections: [
      {
        properties: {
          page: {
            size: { width: mm(210), height: mm(297) },
            margin: {
              top: mm(37),
              bottom: mm(35),
              left: mm(28),
              right: mm(26),
              header: mm(15),
              footer: mm(22),
              gutter: 0,
            },
          },
        },
        footers: { default: footer() },
        children,
      },
    ],
  });
  return Packer.toBuffer(doc);
}
