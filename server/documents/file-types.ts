import { DomainError } from '../../domain/errors/domain-error.ts';

export type FileKind = 'image' | 'video' | 'document';

export const KIND_LABEL: Record<FileKind, string> = { image: '图片', video: '视频', document: '文档' };

interface Allowed {
  mime: string;
  kind: FileKind;
  label: string;
  names: readonly string[];
}

/** What may be stored, keyed by the type detected from the content; `names` = name extensions that fit it. */
const ALLOWED: Record<string, Allowed> = {
  jpg: { mime: 'image/jpeg', kind: 'image', label: 'JPEG 图片', names: ['jpg', 'jpeg', 'jpe', 'jfif'] },
  png: { mime: 'image/png', kind: 'image', label: 'PNG 图片', names: ['png'] },
  webp: { mime: 'image/webp', kind: 'image', label: 'WebP 图片', names: ['webp'] },
  gif: { mime: 'image/gif', kind: 'image', label: 'GIF 图片', names: ['gif'] },
  mp4: { mime: 'video/mp4', kind: 'video', label: 'MP4 视频', names: ['mp4', 'm4v'] },
  m4v: { mime: 'video/x-m4v', kind: 'video', label: 'M4V 视频', names: ['m4v', 'mp4'] },
  mov: { mime: 'video/quicktime', kind: 'video', label: 'MOV 视频', names: ['mov', 'qt'] },
  webm: { mime: 'video/webm', kind: 'video', label: 'WebM 视频', names: ['webm'] },
  pdf: { mime: 'application/pdf', kind: 'document', label: 'PDF 文档', names: ['pdf'] },
  docx: {
    mime: 'application/vnd.openxmlformats-officedocument.wordprocessingml.document',
    kind: 'document',
    label: 'Word 文档',
    names: ['docx'],
  },
  xlsx: {
    mime: 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet',
    kind: 'document',
    label: 'Excel 表格',
    names: ['xlsx'],
  },
  cfb: { mime: 'application/x-cfb', kind: 'document', label: 'Office 97-2003 文档', names: ['doc', 'xls'] },
  txt: { mime: 'text/plain', kind: 'document', label: '纯文本', names: ['txt'] },
};

/** Names of content types we refuse, for a clearer message than "unknown". */
const OTHER_LABEL: Record<string, string> = {
  zip: 'ZIP 压缩包',
  rar: 'RAR 压缩包',
  '7z': '7z 压缩包',
  exe: '可执行程序',
  elf: '可执行程序',
  heic: 'HEIC 图片（请在手机上改存为 JPG）',
  bmp: 'BMP 图片',
  tif: 'TIFF 图片',
  avi: 'AVI 视频',
  mkv: 'MKV 视频',
  flv: 'FLV 视频',
  wmv: 'WMV 视频',
  mp3: '音频',
  wav: '音频',
  m4a: '音频',
  pptx: 'PowerPoint 演示文稿',
  html: '网页',
  xml: 'XML 文本',
};

const NAME_KIND = new Map<string, FileKind>(
  Object.values(ALLOWED).flatMap((a) => a.names.map((n) => [n, a.kind] as const)),
);

export function extensionOf(name: string): string {
  const m = /\.([A-Za-z0-9]{1,8})$/.exec(name.trim());
  return m?.[1]?.toLowerCase() ?? '';
}

/** The kind a file name claims (to pick the size limit before any byte arrives); undefined = not allowed. */
export function declaredKind(name: string): FileKind | undefined {
  return NAME_KIND.get(extensionOf(name));
}

export function sizeLimit(kind: FileKind, limits: { imageMb: number; videoMb: number }): number {
  return Math.floor((kind === 'video' ? limits.videoMb : limits.imageMb) * 1024 * 1024);
}

export function formatBytes(n: number): string {
  if (n >= 1024 * 1024 * 1024) return `${(n / 1024 / 1024 / 1024).toFixed(1).replace(/\.0$/, '')} GB`;
  if (n >= 1024 * 1024) return `${(n / 1024 / 1024).toFixed(1).replace(/\.0$/, '')} MB`;
  if (n >= 1024) return `${Math.round(n / 1024)} KB`;
  return `${n} 字节`;
}

/** Refuses a declared upload before its bytes come: unknown extension, empty, over the limit of its kind. */
export function checkDeclared(name: string, size: number, limits: { imageMb: number; videoMb: number }): FileKind {
  const kind = declaredKind(name);
  if (!kind) throw new DomainError('FILE_TYPE_NOT_ALLOWED', { name, ext: extensionOf(name) });
  if (size === 0) throw new DomainError('FILE_EMPTY', { name });
  const limit = sizeLimit(kind, limits);
  if (size > limit)
    throw new DomainError('FILE_TOO_LARGE', {
      name,
      size: formatBytes(size),
      limit: formatBytes(limit),
      limitBytes: limit,
      kindLabel: KIND_LABEL[kind],
    });
  return kind;
}

function looksLikeText(head: Buffer): boolean {
  if (head.includes(0)) return false;
  const sample = head.subarray(0, Math.min(head.length, 4096));
  // A cut multi-byte character at the end is fine; anything else undecodable is not UTF-8 text.
  const decoded = new TextDecoder('utf-8', { fatal: false }).decode(sample);
  const bad = (decoded.match(/\uFFFD/g) ?? []).length;
  return bad <= 2;
}

export interface Classified {
  kind: FileKind;
  mime: string;
  ext: string;
}

/**
 * The type as read from the content (`detected` from file-type, `head` = the first bytes) checked against the
 * name. A photo or video in another format of its kind (a PNG named .jpg) is accepted under its real type;
 * another kind, another document format or unknown content is refused.
 */
export function classify(name: string, detected: { ext: string; mime: string } | undefined, head: Buffer): Classified {
  const ext = extensionOf(name);
  const nameKind = NAME_KIND.get(ext);
  if (!nameKind) throw new DomainError('FILE_TYPE_NOT_ALLOWED', { name, ext });
  let key = detected?.ext;
  if (!key && head.subarray(0, 5).toString('latin1') === '%PDF-') key = 'pdf';
  if (!key && ext === 'txt' && looksLikeText(head)) key = 'txt';
  const allowed = key ? ALLOWED[key] : undefined;
  if (!allowed) {
    const actual = key
      ? (OTHER_LABEL[key] ?? `${key.toUpperCase()} 格式`)
      : looksLikeText(head)
        ? '纯文本'
        : '无法识别的数据';
    throw new DomainError('FILE_TYPE_MISMATCH', { name, ext, actual });
  }
  // Documents must match exactly (a .xlsx that is really Word would open in the wrong program).
  if (allowed.kind !== nameKind || (allowed.kind === 'document' && !allowed.names.includes(ext))) {
    throw new DomainError('FILE_TYPE_MISMATCH', { name, ext, actual: allowed.label });
  }
  return { kind: allowed.kind, mime: allowed.mime, ext: allowed.names.includes(ext) ? ext : (key ?? ext) };
}
