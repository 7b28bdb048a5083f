import type { NoticeContact } from './parsed-notice.ts';
import type { DocumentLines } from './document-lines.ts';
import { unique } from './document-lines.ts';
import { collapse } from './text-cleaner.ts';

/** person: 联系人及电话：王芳 0571-85123456 — a name and its numbers under one label. */
type Field = 'name' | 'person' | 'phone' | 'fax' | 'email' | 'address' | 'other';

const LABELS: [RegExp, Field][] = [
  [/^联系人$/, 'name'],
  [/^联系人(?:及|和|与|、)(?:联系)?(?:电话|方式)$/, 'person'],
  [/^(?:联系|办公|咨询)?电话$|^手机$|^联系方式$|^电话号码$/, 'phone'],
  [/^传真$/, 'fax'],
  [/^(?:电子)?(?:邮箱|信箱|邮件)$|^E-?mail$/i, 'email'],
  [/^(?:通讯|联系|邮寄)?地址$/, 'address'],
  [/^邮编$|^邮政编码$/, 'other'],
];
const LABEL =
  /(联系人(?:及|和|与|、)(?:联系)?(?:电话|方式)|联系人|联系电话|办公电话|咨询电话|电话号码|联系方式|电话|手机|传真|电子邮箱|电子信箱|电子邮件|邮箱|E-?mail|通讯地址|联系地址|邮寄地址|地址|邮政编码|邮编)\s*[：:]/gi;
const LINE_START =
  /^[（(]?\s*(?:联系人(?:及|和|与|、)(?:联系)?(?:电话|方式)|联系人|联系电话|办公电话|咨询电话|联系方式|电话|手机|传真|电子邮箱|电子信箱|邮箱|E-?mail|通讯地址|联系地址|地址|邮编)\s*[：:]/i;

const PHONE = /(?:\+?86[- ]?)?(?:1[3-9]\d{9}(?!\d)|(?:0\d{2,3}[-－—]?)?[2-9]\d{6,7}(?!\d))/g;
const EMAIL = /[\w.+-]+@[\w-]+(?:\.[\w-]+)+/g;
// OCR reads "@" as "a" before a well-known mail domain: 23021069aqq.com.
const EMAIL_SLIP =
  /([\w.+-]+?)a((?:qq|163|126|139|sina|sohu|yeah|foxmail|gmail|hotmail|outlook|aliyun)\.(?:com|net|cn)(?:\.cn)?)\b/;

function fieldOf(label: string): Field {
  for (const [re, field] of LABELS) if (re.test(label)) return field;
  return 'other';
}

function phones(value: string): string[] {
  // An area code in brackets, (0871)65123456, is the same number as 0871-65123456.
  const s = value.replace(/\s+/g, '').replace(/[（(](0\d{2,3})[)）](?=[2-9]\d{6,7}(?!\d))/g, '$1-');
  return (s.match(PHONE) ?? []).map((p) => p.replace(/[－—]/g, '-'));
}

function emails(value: string): string[] {
  const found = value.match(EMAIL);
  if (found) return found.map((e) => e.replace(/\.$/, ''));
  const slip = EMAIL_SLIP.exec(value.replace(/\s+/g, ''));
  return slip ? [`${slip[1] ?? ''}@${slip[2] ?? ''}`] : [];
}

function cleanValue(value: string): string {
  return collapse(value)
    .replace(/^[（(]|[）)。；;，,、\s]+$/g, '')
    .trim();
}

function emptyContact(): NoticeContact {
  return { name: null, phone: [], fax: [], email: [], address: null };
}

/** Splits one line into (label, value) pairs. */
function pairs(line: string): [Field, string][] {
  const out: [Field, string][] = [];
  LABEL.lastIndex = 0;
  const marks: { field: Field; start: number; end: number }[] = [];
  for (let m = LABEL.exec(line); m; m = LABEL.exec(line))
    marks.push({ field: fieldOf(m[1] ?? ''), start: m.index, end: m.index + m[0].length });
  marks.forEach((mark, k) => {
    const next = marks[k + 1];
    const value = line.slice(mark.end, next ? next.start : line.length);
    // "联系人：陈立，电话：…；王涛，电话：…": a name after the last separator starts the next person.
    const person = next && mark.field !== 'name' && mark.field !== 'address' ? NEXT_PERSON.exec(value) : null;
    if (person && !/传真|电话|邮箱|手机|同/.test(person[1] ?? '')) {
      out.push([mark.field, value.slice(0, person.index)], ['name', person[1] ?? '']);
    } else {
      out.push([mark.field, value]);
    }
  });
  return out;
}
const NEXT_PERSON = /[；;，,、]\s*([\u3400-\u9fff·]{2,4})\s*[，,]?\s*$/;

/**
 * Contact blocks: 联系人 starts a person; phone, fax, e-mail and address lines that follow belong to them.
 * "兼传真" after a number makes it a fax number too.
 */
export function extractContacts(doc: DocumentLines): NoticeContact[] {
  const out: NoticeContact[] = [];
  let current: NoticeContact | null = null;
  for (let i = 0; i < doc.length; i++) {
    const line = doc.line(i);
    const starts = LINE_START.test(line);
    if (!doc.isBody(i) || (!starts && !/联系人[：:]/.test(line))) {
      if (doc.kind(i) !== 'contact') current = null;
      continue;
    }
    if (starts) doc.claim(i, 'contact');
    const from = starts ? 0 : line.search(/联系人[：:]/);
    for (const [field, value] of pairs(line.slice(from))) {
      if (!current || ((field === 'name' || field === 'person') && current.name !== null)) {
        current = emptyContact();
        out.push(current);
      }
      const c: NoticeContact = current;
      switch (field) {
        case 'name': {
          // "质量发展处 赵磊": the office before the person's name is not part of it.
          const name = cleanValue(value).replace(
            /^[\u3400-\u9fff]{2,20}(?:处|科|室|局|办|中心|部)\s+(?=[\u3400-\u9fff·]{2,4}$)/,
            '',
          );
          c.name = name === '' ? null : name;
          break;
        }
        case 'person': {
          const name = cleanValue(value.replace(/[（(]?[\d+][\d\s\-－—（）()]{5,}[)）]?/g, ' '));
          c.name = name === '' ? null : name;
          c.phone = unique([...c.phone, ...phones(value)]);
          break;
        }
        case 'phone': {
          const found = phones(value);
          c.phone = unique([...c.phone, ...found]);
          if (/兼传真|传真同|同传真/.test(value)) {
            const beforeFax = phones(value.slice(0, value.search(/兼传真|传真同|同传真/)));
            const faxes = beforeFax.length > 0 ? beforeFax.slice(-1) : found.slice(0, 1);
            c.fax = unique([...c.fax, ...faxes]);
          }
          break;
        }
        case 'fax':
          c.fax = unique([...c.fax, ...phones(value)]);
          break;
        case 'email':
          c.email = unique([...c.email, ...emails(value)]);
          break;
        case 'address': {
          const address = cleanValue(value);
          if (address !== '') c.address = address;
          break;
        }
        case 'other':
          break;
      }
    }
    if (!starts) current = null;
  }
  const contacts = out.filter(
    (c) => c.name !== null || c.phone.length > 0 || c.email.length > 0 || c.fax.length > 0 || c.address !== null,
  );
  addUnlabelledEmails(doc, contacts);
  addNamedNumbers(doc, contacts);
  return contacts;
}

const NAMED_NUMBER = /^([\u3400-\u9fff]{2,4})[\s：:]*((?:0\d{2,3}[-－—]?)?[2-9]\d{6,7}|1[3-9]\d{9})$/;

/**
 * A line of nothing but names and numbers, without a 电话 label ("耿欣 63098777；李明 13812345678"):
 * each pair is a contact, unless the number is known already.
 */
function addNamedNumbers(doc: DocumentLines, contacts: NoticeContact[]): void {
  const known = new Set(contacts.flatMap((c) => c.phone));
  for (let i = 0; i < doc.length; i++) {
    if (!doc.isBody(i)) continue;
    const line = doc
      .line(i)
      .trim()
      .replace(/[。；;]$/, '');
    if (line.length > 80 || !/\d{7}/.test(line)) continue;
    const pairs = line.split(/\s*[；;，,、]\s*|\s{2,}(?=[\u3400-\u9fff])/).map((p) => NAMED_NUMBER.exec(p.trim()));
    if (pairs.length === 0 || pairs.some((m) => m === null)) continue;
    for (const m of pairs) {
      const number = (m?.[2] ?? '').replace(/[－—]/g, '-');
      if (known.has(number)) continue;
      known.add(number);
      contacts.push({ ...emptyContact(), name: m?.[1] ?? null, phone: [number] });
    }
    doc.claim(i, 'contact');
  }
}

/**
 * An address given only in running text (…报送至邮箱jszlk@163.com) is where reports go: it joins the
 * first contact that has none, else it is a contact of its own.
 */
function addUnlabelledEmails(doc: DocumentLines, contacts: NoticeContact[]): void {
  const known = new Set(contacts.flatMap((c) => c.email));
  for (let i = 0; i < doc.length; i++) {
    if (!doc.isBody(i) || !doc.line(i).includes('@')) continue;
    for (const email of emails(doc.line(i))) {
      if (known.has(email)) continue;
      known.add(email);
      const target = contacts.find((c) => c.email.length === 0);
      if (target) target.email.push(email);
      else contacts.push({ ...emptyContact(), email: [email] });
    }
  }
}
