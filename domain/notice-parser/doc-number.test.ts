import { describe, it, expect } from 'vitest';
import { findDocNumbers, isDocNumberLine, metadataDocNumber, parseDocNumber } from './doc-number.ts';
import { cleanText } from './text-cleaner.ts';

describe('document numbers', () => {
  it('normalises every bracket style to 〔〕', () => {
    expect(parseDocNumber('藏质协字（2024）14 号')).toBe('藏质协字〔2024〕14号');
    expect(parseDocNumber('国市监质发〔2024〕74号')).toBe('国市监质发〔2024〕74号');
    expect(parseDocNumber('川质强办[2024]5号')).toBe('川质强办〔2024〕5号');
    expect(parseDocNumber('湘市监办发【2024】22号')).toBe('湘市监办发〔2024〕22号');
    expect(parseDocNumber('某某发(2023)007号')).toBe('某某发〔2023〕7号');
  });

  it('drops the 第 some offices print before the serial (GB/T 9704 has none)', () => {
    expect(parseDocNumber('浙质协〔2023〕第15号')).toBe('浙质协〔2023〕15号');
    expect(isDocNumberLine('京质协字［2023］第012号')).toBe(true);
  });

  it('accepts mismatched brackets and spaces inside', () => {
    expect(parseDocNumber('湘市监办发〔2024)22号')).toBe('湘市监办发〔2024〕22号');
    expect(parseDocNumber('国市监质发〔2024〕 74号')).toBe('国市监质发〔2024〕74号');
  });

  it('cuts the lead-in words off a number in running text', () => {
    expect(findDocNumbers('根据湘市监办发〔2024〕22号文件要求').map((n) => n.value)).toEqual([
      '湘市监办发〔2024〕22号',
    ]);
    expect(findDocNumbers('《通知》（国市监质发〔2024〕74号）和（藏质标办〔2024〕2号）').map((n) => n.value)).toEqual([
      '国市监质发〔2024〕74号',
      '藏质标办〔2024〕2号',
    ]);
  });

  it('tells a free-standing number line from a sentence', () => {
    expect(isDocNumberLine('藏质标办〔2024〕2号')).toBe(true);
    expect(isDocNumberLine('藏质标办〔2024〕2号 签发人：张三')).toBe(true);
    expect(isDocNumberLine('现将藏质标办〔2024〕2号文件转发')).toBe(false);
  });

  it('reads the number of a metadata block', () => {
    expect(metadataDocNumber('发文字号：川质强办〔2024〕5号')).toBe('川质强办〔2024〕5号');
    expect(metadataDocNumber('| 文号: | 川质强办〔2024〕5号 |')).toBe('川质强办〔2024〕5号');
    expect(
      metadataDocNumber(cleanText('索 引 号：123\n文　　号：川质强办（2024）5号').join('\n').split('\n')[1] ?? ''),
    ).toBe('川质强办〔2024〕5号');
  });
});
