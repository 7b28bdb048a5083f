import { execFile } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { pathToFileURL } from 'node:url';
import { promisify } from 'node:util';
import { childEnv } from './test-config.ts';

const run = promisify(execFile);

/** The office fonts of Chinese documents, and their Latin names, rendered with Noto CJK (fonts-noto-cjk). */
const SERIF = ['宋体', 'SimSun', 'NSimSun', '新宋体', '仿宋', 'FangSong', '仿宋_GB2312', 'FangSong_GB2312'];
const KAI = ['楷体', 'KaiTi', '楷体_GB2312', 'KaiTi_GB2312'];
const TITLE = ['小标宋', '方正小标宋简体', '方正小标宋_GBK', 'FZXiaoBiaoSong-B05S'];
const SANS = ['黑体', 'SimHei', '微软雅黑', 'Microsoft YaHei'];

function fontsConf(): string {
  const map = (names: string[], to: string): string =>
    names
      .map(
        (n) =>
          `<match target="pattern"><test name="family"><string>${n}</string></test>` +
          `<edit name="family" mode="assign" binding="strong"><string>${to}</string></edit></match>`,
      )
      .join('\n');
  return `<?xml version="1.0"?>
<!DOCTYPE fontconfig SYSTEM "fonts.dtd">
<fontconfig>
<include ignore_missing="yes">/etc/fonts/fonts.conf</include>
${map([...SERIF, ...KAI, ...TITLE], 'Noto Serif CJK SC')}
${map(SANS, 'Noto Sans CJK SC')}
</fontconfig>
`;
}

export interface PrintedWord {
  text: string;
  x: number;
  y: number;
  /** The word's box height in points: about 1.01 × its font size × the print scale. */
  height: number;
}

export interface PrintedPdf {
  /** The text of each page, laid out as printed (pdftotext -layout). */
  pages: string[];
  /** The words of each page with their boxes (pdftotext -bbox). */
  words: PrintedWord[][];
  /** The PDF itself, to look at when a test fails. */
  pdf: Buffer;
}

/**
 * Prints a document as an office would: headless LibreOffice converts it to PDF, with a profile of its own
 * (two conversions sharing one make the second exit silently) and the office fonts mapped to Noto CJK.
 */
export async function printToPdf(file: Buffer, ext: 'xlsx' | 'docx'): Promise<PrintedPdf> {
  const dir = mkdtempSync(path.join(os.tmpdir(), 'qm-print-'));
  try {
    const input = path.join(dir, `doc.${ext}`);
    writeFileSync(input, file);
    writeFileSync(path.join(dir, 'fonts.conf'), fontsConf());
    const env = childEnv({ FONTCONFIG_FILE: path.join(dir, 'fonts.conf'), HOME: dir });
    await run(
      'soffice',
      [
        `-env:UserInstallation=${pathToFileURL(path.join(dir, 'profile')).href}`,
        '--headless',
        '--norestore',
        '--convert-to',
        'pdf',
        '--outdir',
        dir,
        input,
      ],
      { env, timeout: 150_000 },
    );
    const pdfPath = path.join(dir, 'doc.pdf');
    const pdf = readFileSync(pdfPath);
    const { stdout } = await run('pdftotext', ['-layout', '-enc', 'UTF-8', pdfPath, '-'], {
      maxBuffer: 64 * 1024 * 1024,
    });
    const pages = stdout.split('\f');
    if (pages.at(-1)?.trim() === '') pages.pop();
    const bbox = await run('pdftotext', ['-bbox', '-enc', 'UTF-8', pdfPath, '-'], { maxBuffer: 256 * 1024 * 1024 });
    const words = bbox.stdout
      .split('<page ')
      .slice(1)
      .map((page) =>
        [...page.matchAll(/<word xMin="([\d.]+)" yMin="([\d.]+)" xMax="[\d.]+" yMax="([\d.]+)">([^<]*)<\/word>/g)].map(
          (m) => ({
            text: unescapeXml(m[4] ?? ''),
            x: Number(m[1]),
            y: Number(m[2]),
            height: Number(m[3]) - Number(m[2]),
          }),
        ),
      );
    return { pages, words, pdf };
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

const unescapeXml = (s: string): string =>
  s
    .replace(/&lt;/g, '<')
    .replace(/&gt;/g, '>')
    .replace(/&quot;/g, '"')
    .replace(/&apos;/g, "'")
    .replace(/&amp;/g, '&');

/** The print scale of a page, from the median height of its words set at `size` points. */
export function printScale(words: PrintedWord[], size: number): number {
  const heights = words.map((w) => w.height).sort((a, b) => a - b);
  return (heights[Math.floor(heights.length / 2)] ?? 0) / (1.0106 * size);
}

/** Text with every space and line break taken out, for finding words that a layout breaks across columns. */
export const squeeze = (s: string): string => s.replace(/\s+/g, '');
