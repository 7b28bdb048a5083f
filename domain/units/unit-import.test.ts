import { describe, expect, it } from 'vitest';
import { planUnitImport, type UnitImportContext, type UnitImportRow } from './unit-import.ts';

const ctx = (): UnitImportContext => ({
  byName: new Map([
    ['岳阳市市场监督管理局', [{ id: 10, path: '/1/5/10/', name: '岳阳市市场监督管理局' }]],
    [
      '城关区市场监督管理局',
      [
        { id: 20, path: '/1/6/20/', name: '城关区市场监督管理局' },
        { id: 21, path: '/1/7/21/', name: '城关区市场监督管理局' },
      ],
    ],
  ]),
  byCode: new Map([['430600', { id: 10, path: '/1/5/10/', name: '岳阳市市场监督管理局' }]]),
  childNames: new Map([[10, new Set(['质量发展科'])]]),
  takenAliases: new Set(['岳阳质量办']),
  takenCodes: new Set(['430602']),
  isDivisionCode: (c) => ['430602', '430611'].includes(c),
  creatableRoots: ['/1/5/'],
});
const row = (
  n: number,
  name: string,
  parent: string,
  kind = '科室',
  divisionCode = '',
  aliases = '',
): UnitImportRow => ({ row: n, name, parent, kind, divisionCode, aliases });

describe('planning a unit import', () => {
  it('orders parents first and links rows to units earlier in the sheet', () => {
    const { plan, issues } = planUnitImport(
      [row(2, '新区局', '430600', '机关', '430611'), row(3, '质量股', '新区局')],
      ctx(),
    );
    expect(issues).toEqual([]);
    expect(plan.map((p) => [p.name, p.parent])).toEqual([
      ['新区局', { existingId: 10 }],
      ['质量股', { planIndex: 0 }],
    ]);
    expect(plan[0]?.kind).toBe('office');
  });

  it('lists every problem with its row and column', () => {
    const { issues } = planUnitImport(
      [
        row(2, '', '岳阳市市场监督管理局'),
        row(3, '质量发展科', '岳阳市市场监督管理局'),
        row(4, '某科', '不存在的局'),
        row(5, '某科', '城关区市场监督管理局'),
        row(6, '某局', '岳阳市市场监督管理局', '机关', '439999'),
        row(7, '某局2', '岳阳市市场监督管理局', '机关', '430602'),
        row(8, '某局3', '岳阳市市场监督管理局', '公司'),
        row(9, '某局4', '岳阳市市场监督管理局', '机关', '', '岳阳质量办'),
      ],
      ctx(),
    );
    expect(issues).toEqual([
      { row: 2, column: '单位名称', message: '单位名称不能为空' },
      { row: 3, column: '单位名称', message: '“岳阳市市场监督管理局”下已有名为“质量发展科”的单位' },
      { row: 4, column: '上级单位', message: '找不到上级单位“不存在的局”' },
      { row: 5, column: '上级单位', message: '有 2 个单位名为“城关区市场监督管理局”，请改用行政区划代码指明上级单位' },
      { row: 6, column: '行政区划代码', message: '行政区划代码“439999”不存在' },
      { row: 7, column: '行政区划代码', message: '行政区划代码“430602”已被使用' },
      { row: 8, column: '类型', message: '类型“公司”无法识别，应为 机关、成员单位、协会、科室 或 企业' },
      { row: 9, column: '别名', message: '别名“岳阳质量办”已被使用' },
    ]);
  });

  it('refuses duplicates inside the sheet and parents outside the actor’s reach', () => {
    const c = ctx();
    c.byName.set('长沙市市场监督管理局', [{ id: 30, path: '/1/6/30/', name: '长沙市市场监督管理局' }]);
    const { issues } = planUnitImport(
      [row(2, '甲科', '430600'), row(3, '甲科', '岳阳市市场监督管理局'), row(4, '乙科', '长沙市市场监督管理局')],
      c,
    );
    expect(issues.map((i) => [i.row, i.message])).toEqual([
      [3, '表中“岳阳市市场监督管理局”下的“甲科”重复'],
      [4, '无权在“长沙市市场监督管理局”下新增单位'],
    ]);
  });
});
