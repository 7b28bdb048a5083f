import { describe, it, expect } from 'vitest';
import { rolesInText } from './arrangements.ts';
import { splitUnits } from './document-lines.ts';
import { parseNotice } from './notice-parser.ts';

describe('arrangements', () => {
  it('reads role markers in parentheses and splits unit lists', () => {
    expect(rolesInText('开展活动。（质量发展科负责，各县市区局实施）')).toEqual({
      lead: [],
      responsible: ['质量发展科'],
      cooperating: [],
      implementing: ['各县市区局'],
    });
    expect(rolesInText('（计量科、标准化科牵头，相关科室和各县市区局配合）')).toEqual({
      lead: ['计量科', '标准化科'],
      responsible: [],
      cooperating: ['相关科室', '各县市区局'],
      implementing: [],
    });
    // 按职责分工 says how the units share the role; it is not part of a unit's name.
    expect(rolesInText('（市市场监管局、市经信局按职责分工负责）').responsible).toEqual(['市市场监管局', '市经信局']);
    // A sentence of its own that only names units and roles is a marker too; other sentences are not.
    expect(rolesInText('组织专家讲座。由市局质量发展科牵头，各县市区教育局配合。')).toEqual({
      lead: ['市局质量发展科'],
      responsible: [],
      cooperating: ['各县市区教育局'],
      implementing: [],
    });
    expect(rolesInText('各地要高度重视，认真组织实施。').implementing).toEqual([]);
    // A parenthesis that is not a marker list is ignored.
    expect(rolesInText('质量强县（区、镇）培育')).toEqual({
      lead: [],
      responsible: [],
      cooperating: [],
      implementing: [],
    });
  });

  it('takes the items of a 重点安排 section, and items elsewhere that name units', () => {
    const n = parseNotice(
      [
        '关于开展质量月活动的通知',
        '各有关单位：',
        '一、重点安排',
        '（一）举办启动仪式。九月上旬举办。',
        '（二）开展宣传。组织宣传活动。',
        '二、工作要求',
        '（一）加强领导。各单位要加强组织领导（办公室牵头，各科室配合）。',
        '（二）及时总结。活动结束后及时总结。',
      ].join('\n'),
    );
    expect(n.arrangements.map((a) => a.title)).toEqual(['举办启动仪式', '开展宣传', '加强领导']);
    expect(n.arrangements[2]).toMatchObject({ lead: ['办公室'], cooperating: ['各科室'] });
  });

  it('reads 牵头部门：/配合部门： lines', () => {
    const n = parseNotice(
      ['一、重点工作', '（一）开展计量服务中小企业行。', '牵头部门：计量处', '配合部门：各市局、相关协会'].join('\n'),
    );
    expect(n.arrangements).toHaveLength(1);
    expect(n.arrangements[0]).toMatchObject({
      title: '开展计量服务中小企业行',
      lead: ['计量处'],
      cooperating: ['各市局', '相关协会'],
    });
  });

  it('reads 牵头部门/协助部门 table columns, 协助 counting as cooperating', () => {
    const n = parseNotice(
      [
        '附件1',
        '重点任务分工表',
        '序号\t任务\t牵头部门\t协助部门',
        '1\t开展质量宣传\t宣传处\t各市局、质量协会',
        '2\t组织知识竞赛\t质量发展处\t工会',
      ].join('\n'),
    );
    expect(n.tables[0]?.header).toEqual(['序号', '任务', '牵头部门', '协助部门']);
    expect(n.arrangements).toEqual([
      {
        title: '开展质量宣传',
        text: '',
        lead: ['宣传处'],
        responsible: [],
        cooperating: ['各市局', '质量协会'],
        implementing: [],
      },
      {
        title: '组织知识竞赛',
        text: '',
        lead: ['质量发展处'],
        responsible: [],
        cooperating: ['工会'],
        implementing: [],
      },
    ]);
  });

  it('keeps 各辖市、区… together: a bare level of places shares the name after it', () => {
    expect(splitUnits('各辖市、区市场监督管理局，市局机关各处室、各直属单位')).toEqual([
      '各辖市、区市场监督管理局',
      '市局机关各处室',
      '各直属单位',
    ]);
    expect(splitUnits('各市、县（市、区）人民政府，省政府各部门')).toEqual([
      '各市、县（市、区）人民政府',
      '省政府各部门',
    ]);
    // Named places and a new group after 、 stay apart.
    expect(splitUnits('拉萨市、日喀则市、山南市')).toEqual(['拉萨市', '日喀则市', '山南市']);
    expect(splitUnits('各市、各县')).toEqual(['各市', '各县']);
  });
});
