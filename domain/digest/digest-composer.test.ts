import { describe, expect, it } from 'vitest';
import {
  chineseNumber,
  composeDigest,
  datePhrase,
  regionLabel,
  unitSentence,
  type DigestActivity,
} from './digest-composer.ts';

const act = (title: string, more: Partial<DigestActivity> = {}): DigestActivity => ({
  title,
  startOn: null,
  endOn: null,
  place: null,
  audience: null,
  participants: null,
  ...more,
});

describe('digest composer', () => {
  it('numbers units 一、二、… and joins each unit’s activities into one sentence', () => {
    const d = composeDigest(2024, 'regions', [
      {
        name: '拉萨市',
        activities: [
          act('举办西藏自治区“质量月”活动启动仪式', {
            startOn: '2024-09-02',
            place: '布达拉宫广场',
            audience: '群众',
            participants: 2000,
          }),
          act('开展主题宣传活动。'),
        ],
      },
      { name: '日喀则市', activities: [act('“检测实验室开放日”活动', { startOn: '2024-09-03', endOn: '2024-09-06' })] },
    ]);
    expect(d.title).toBe('2024年“质量月”各地开展的主要活动');
    expect(d.paragraphs.map((p) => p.text)).toEqual([
      '一、拉萨市：9月2日，在布达拉宫广场举办西藏自治区“质量月”活动启动仪式，参与群众2000人次；开展主题宣传活动。',
      '二、日喀则市：9月上旬，开展“检测实验室开放日”活动。',
    ]);
    expect(d.missing).toEqual([]);
    expect(d.missingText).toBeNull();
  });

  it('leaves units without activities unnumbered and names them in one closing line', () => {
    const d = composeDigest(2025, 'departments', [
      { name: '检察院', activities: [] },
      { name: '市场监管局', activities: [act('开展质量强企系列活动')] },
      { name: '教育厅', activities: [act('   ')] },
    ]);
    expect(d.title).toBe('2025年“质量月”各部门开展的主要活动');
    expect(d.paragraphs.map((p) => p.number)).toEqual(['一']);
    expect(d.paragraphs[0]?.text).toBe('一、市场监管局：开展质量强企系列活动。');
    expect(d.missingText).toBe('（以下单位未登记活动：检察院、教育厅。）');
  });

  it('writes dates as the seeds do: a day, a third of a month, a month, months', () => {
    expect(datePhrase(null, null)).toBe('');
    expect(datePhrase('2024-09-02', null)).toBe('9月2日');
    expect(datePhrase('2024-09-02', '2024-09-02')).toBe('9月2日');
    expect(datePhrase('2024-09-11', '2024-09-20')).toBe('9月中旬');
    expect(datePhrase('2024-09-21', '2024-09-30')).toBe('9月下旬');
    expect(datePhrase('2024-09-01', '2024-09-30')).toBe('9月');
    expect(datePhrase('2024-09-25', '2024-10-08')).toBe('9月至10月');
  });

  it('keeps a multi-sentence title as one clause and leaves no doubled punctuation', () => {
    expect(unitSentence([act('开展集中宣传。开展短信宣传。'), act('发布典型案例；')])).toBe(
      '开展集中宣传；开展短信宣传；发布典型案例。',
    );
    expect(unitSentence([act('质量开放日', { participants: 300 })])).toBe('开展质量开放日，参与300人次。');
  });

  it('counts in Chinese numerals and names regions without the bureau', () => {
    expect([1, 7, 10, 11, 20, 21, 32, 99, 100, 105, 110].map(chineseNumber)).toEqual([
      '一',
      '七',
      '十',
      '十一',
      '二十',
      '二十一',
      '三十二',
      '九十九',
      '一百',
      '一百零五',
      '一百一十',
    ]);
    expect(regionLabel('拉萨市市场监督管理局')).toBe('拉萨市');
    expect(regionLabel('阿里地区市场监督管理局')).toBe('阿里地区');
    expect(regionLabel('市场监管局')).toBe('市场监管局');
  });
});
