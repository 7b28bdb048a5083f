import { describe, it, expect } from 'vitest';
import { parseNotice } from './notice-parser.ts';

const contactsOf = (lines: string[]) =>
  parseNotice(['关于开展质量月活动的通知', '各有关单位：', ...lines].join('\n')).contacts;

describe('contacts', () => {
  it('reads an area code in brackets as part of the number', () => {
    expect(contactsOf(['联系人：杨丽华  联系电话：（0871）65123456  传真：(0871)65123457'])).toEqual([
      { name: '杨丽华', phone: ['0871-65123456'], fax: ['0871-65123457'], email: [], address: null },
    ]);
  });

  it('starts a second person where a name follows a number on the same line', () => {
    const c = contactsOf(['联系人：陈立，电话：0574-87190123；王涛，电话：0574-89182345。']);
    expect(c.map((p) => [p.name, p.phone])).toEqual([
      ['陈立', ['0574-87190123']],
      ['王涛', ['0574-89182345']],
    ]);
  });

  it('adds an address given only in running text to the contact without one, else as its own', () => {
    expect(
      contactsOf(['请于10月9日前将活动总结报送至邮箱xtzl@163.com。', '联系人：彭志刚，电话：0731-58581234。']),
    ).toEqual([{ name: '彭志刚', phone: ['0731-58581234'], fax: [], email: ['xtzl@163.com'], address: null }]);
    expect(contactsOf(['电子版发送至jx@163.com，纸质版寄送省局。'])).toEqual([
      { name: null, phone: [], fax: [], email: ['jx@163.com'], address: null },
    ]);
  });

  it('reads 联系人及电话： as a name with its numbers', () => {
    expect(contactsOf(['联系人及电话：王芳 0571-85123456'])).toEqual([
      { name: '王芳', phone: ['0571-85123456'], fax: [], email: [], address: null },
    ]);
  });
});
