import { describe, expect, it } from 'vitest';
import { passwordProblems } from './password-policy.ts';

describe('password rules', () => {
  it('accepts ten characters from three classes', () => {
    expect(passwordProblems('Quality-2024', 'zhang')).toEqual([]);
  });
  it('names each problem in Chinese', () => {
    expect(passwordProblems('Ab1!', 'x')).toEqual(['长度至少 10 位']);
    expect(passwordProblems('abcdefghijk', 'x')).toEqual(['需包含大写字母、小写字母、数字、符号中的至少三类']);
    expect(passwordProblems('Zhang-2024-pw', 'zhang')).toEqual(['不能包含用户名']);
  });
});
