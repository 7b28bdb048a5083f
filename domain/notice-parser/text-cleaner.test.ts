import { describe, it, expect } from 'vitest';
import { cleanText } from './text-cleaner.ts';
import { parseNotice } from './notice-parser.ts';

describe('text cleaning', () => {
  it('converts traditional characters and removes inserted pinyin', () => {
    expect(cleanText('關於開展質(zhì)量月活動的通知')).toEqual(['关于开展质量月活动的通知']);
    expect(cleanText('质(zhi4)量月')).toEqual(['质量月']);
    // Latin in brackets that is not pinyin stays.
    expect(cleanText('全球法人识别编码(LEI)的宣传')[0]).toBe('全球法人识别编码（LEI）的宣传');
  });

  it('keeps Chinese quotes and unifies punctuation', () => {
    expect(cleanText('开展"质量月"活动,内容:如下')).toEqual(['开展“质量月”活动，内容：如下']);
    expect(cleanText('网站（https://www.samr.gov.cn/zlfzj/）')).toEqual(['网站（https://www.samr.gov.cn/zlfzj/）']);
    expect(cleanText('ＡＢＣ１２３')).toEqual(['ABC123']);
  });

  it('rejoins split characters, numbers and quotes', () => {
    expect(cleanText('教 育 部')).toEqual(['教育部']);
    expect(cleanText('加强质量支撑 共建质量强国')).toEqual(['加强质量支撑 共建质量强国']);
    expect(cleanText('开展 2·024 年 “质量月” 活动')).toEqual(['开展2024年“质量月”活动']);
    expect(cleanText('组织开展\n“\n质量月\n”\n期间的宣传活动。')).toEqual(['组织开展“质量月”期间的宣传活动。']);
  });

  it('corrects OCR slips and drops page numbers', () => {
    expect(cleanText('推动质士社会共治，质童提升\n-6-\n')).toEqual(['推动质量社会共治，质量提升']);
  });

  it('removes web chrome', () => {
    const page = [
      '欢迎访问某某资讯网!',
      '各有关单位：',
      '请于10月8日前报送。',
      '正文一段。',
      '5月16日下午,省纪委监委驻省市...',
      '某某网 版权所有。',
      '地址：北京市东城区',
    ].join('\n');
    const lines = cleanText(page);
    expect(lines.join('\n')).not.toMatch(/欢迎访问|版权所有|北京市东城区|\.\.\./);
    expect(lines).toContain('各有关单位：');
  });

  it('rejoins a paragraph broken by a page', () => {
    const text =
      '（一）扎实推进。深入学习领会重要论述，充分发挥质量支撑作用，大力推进现代化产\n\n业体系建设，塑造新优势。\n（二）下一项。';
    expect(cleanText(text)).toEqual([
      '（一）扎实推进。深入学习领会重要论述，充分发挥质量支撑作用，大力推进现代化产业体系建设，塑造新优势。',
      '（二）下一项。',
    ]);
  });

  it('repairs an OCR e-mail address and reads contacts', () => {
    const n = parseNotice('联系人:夏亚敏   电 话:13575004679\n邮| 箱: 23021069aqq.com');
    expect(n.contacts).toEqual([
      { name: '夏亚敏', phone: ['13575004679'], fax: [], email: ['23021069@qq.com'], address: null },
    ]);
  });
});
