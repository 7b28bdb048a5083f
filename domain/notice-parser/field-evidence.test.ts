import { describe, expect, it } from 'vitest';
import { cleanTitle, looseDate, metadataValues, splitRecipients } from './field-evidence.ts';
import { parseNoticeWithEvidence } from './notice-parser.ts';

describe('evidence for the headline fields', () => {
  it('peels breadcrumbs, labels, site tags, site names and trailing numbers off a headline', () => {
    expect(cleanTitle('您当前的位置：首页>>十四五规划>>正文市人民政府关于印发规划的通知')).toBe(
      '市人民政府关于印发规划的通知',
    );
    expect(cleanTitle('信息名称：关于组织开展安全教育日活动的通知')).toBe('关于组织开展安全教育日活动的通知');
    expect(cleanTitle('【资料】2007年关于组织开展“5.20世界计量日”宣传教育活动的通知')).toBe(
      '关于组织开展“5.20世界计量日”宣传教育活动的通知',
    );
    expect(cleanTitle('黑龙江省2024年“质量月”活动来了！-新华网')).toBe('黑龙江省2024年“质量月”活动来了！');
    expect(cleanTitle('江门市人民政府办公室关于印发工作方案的通知 江府办函〔2018〕83号')).toBe(
      '江门市人民政府办公室关于印发工作方案的通知',
    );
  });

  it('reads metadata labels that a page glued together, or whose value sits on the next line', () => {
    const meta = metadataValues([
      '文件编号：常教安〔2018〕11号发布机构：市教育局',
      '• 发文字号：',
      '镇政发〔2024〕7号',
    ]);
    expect(meta.map((m) => [m.label, m.value])).toEqual([
      ['文件编号', '常教安〔2018〕11号'],
      ['发布机构', '市教育局'],
      ['发文字号', '镇政发〔2024〕7号'],
    ]);
  });

  it('reads the dates web pages print', () => {
    expect(looseDate('2019-05-28 16:20:13来源：某县')).toBe('2019-05-28');
    expect(looseDate('25.05.2017  18:48')).toBe('2017-05-25');
    expect(looseDate('2024 08/30 15:32:55')).toBe('2024-08-30');
    expect(looseDate('二O一三年六月八日')).toBe('2013-06-08');
  });

  it('splits a recipient list at 、 only between whole names', () => {
    expect(splitRecipients('各省、自治区、直辖市质量技术监督局，各有关单位')).toEqual([
      '各省、自治区、直辖市质量技术监督局',
      '各有关单位',
    ]);
    expect(splitRecipients('各县（市）、区人民政府，新乡高新区、新乡经开区、平原示范区管委会')).toEqual([
      '各县（市）、区人民政府',
      '新乡高新区、新乡经开区、平原示范区管委会',
    ]);
    expect(splitRecipients('各县市区市场监督管理局、教育局，市直各学校')).toEqual([
      '各县市区市场监督管理局',
      '教育局',
      '市直各学校',
    ]);
    expect(splitRecipients('各会员单位及相关组织')).toEqual(['各会员单位', '相关组织']);
    expect(splitRecipients('直属及有关学校')).toEqual(['直属及有关学校']);
  });

  it('pools agreeing evidence, keeps the lines it came from, and is unsure where places disagree', () => {
    const text = [
      '国家知识产权局关于开展2018年全国知识产权宣传周活动的通知',
      '国知发办字〔2018〕13号',
      '发布机关：全国知识产权宣传周活动组委会办公室',
      '各省、自治区、直辖市知识产权局：',
      '现就有关事宜通知如下：',
    ].join('\n');
    const { notice, evidence } = parseNoticeWithEvidence(text);
    expect(notice.docNumber).toBe('国知发办字〔2018〕13号');
    expect(evidence.candidates.docNumber[0]?.lines).toContain(1);
    expect(notice.issuer).toBe('国家知识产权局');
    expect(evidence.candidates.issuer.map((c) => c.value)).toContain('全国知识产权宣传周活动组委会办公室');
    expect(evidence.confidence.issuer).toBeLessThan(0.6);
    expect(evidence.confidence.docNumber).toBeGreaterThanOrEqual(0.6);
  });
});
