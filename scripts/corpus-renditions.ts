// Field accuracy of the notice parser on the real-document corpus read from .docx and .pdf renditions made
// with LibreOffice (issue 23), beside the plain text. Needs `soffice` on the PATH.
//   npx tsx scripts/corpus-renditions.ts
// Prints one JSON line: {"txt":{dev,validation},"docx":{…},"pdf":{…}} with correct/total per part.
import { execFileSync } from 'node:child_process';
import { copyFileSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { parseNotice } from '../domain/notice-parser/notice-parser.ts';
import { scoreCorpusDocument, type CorpusExpectation } from '../domain/notice-parser/fixtures/corpus-score.ts';
import { corpusPart, readSources } from '../domain/notice-parser/fixtures/corpus-split.ts';
import { readNoticeBuffer } from '../server/documents/notice-file-reader.ts';

const corpus = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../domain/notice-parser/fixtures/corpus');
const sources = readSources(readFileSync(path.join(corpus, 'sources.tsv'), 'utf8'));
const work = mkdtempSync(path.join(os.tmpdir(), 'qm-corpus-'));

function convert(files: string[], to: string): void {
  execFileSync(
    'soffice',
    ['--headless', '--infilter=Text (encoded):UTF8', '--convert-to', to, '--outdir', work, ...files],
    { stdio: 'ignore', timeout: 600_000 },
  );
}

type Tally = Record<'dev' | 'validation', { correct: number; total: number }>;

async function measure(ext: 'txt' | 'docx' | 'pdf'): Promise<Tally> {
  const tally: Tally = { dev: { correct: 0, total: 0 }, validation: { correct: 0, total: 0 } };
  for (const s of sources) {
    const name = s.file.replace(/\.txt$/, '');
    const expected = JSON.parse(readFileSync(path.join(corpus, `${name}.expected.json`), 'utf8')) as CorpusExpectation;
    const file = path.join(work, `${name}.${ext}`);
    const text = await readNoticeBuffer(readFileSync(file), path.basename(file));
    const score = scoreCorpusDocument(expected, parseNotice(text));
    const part = tally[corpusPart(s.document)];
    part.correct += score.correct;
    part.total += score.total;
  }
  return tally;
}

try {
  const texts = sources.map((s) => {
    const target = path.join(work, s.file);
    copyFileSync(path.join(corpus, s.file), target);
    return target;
  });
  convert(texts, 'docx:MS Word 2007 XML');
  convert(texts, 'pdf:writer_pdf_Export');
  const result = { txt: await measure('txt'), docx: await measure('docx'), pdf: await measure('pdf') };
  console.log(JSON.stringify(result));
} finally {
  rmSync(work, { recursive: true, force: true });
}
