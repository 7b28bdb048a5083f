import { DEFAULT_MAX, type FormDefinition, type Indicator } from './form.ts';

const n = (code: string, label: string, group: string[], unit: string, extra: Partial<Indicator> = {}): Indicator => ({
  code,
  label,
  group,
  unit,
  type: 'integer',
  min: 0,
  max: DEFAULT_MAX,
  required: false,
  ...extra,
});

const PUB = '宣传活动';
const PRESS = '新闻发布会';
const ENT = '企业开展“质量月”活动情况';
const ENF = '执法打假情况';

/** The 2024 statistics table of seed 000 附件4, 31 figures in printed order (seeds/README.md). */
export const QUALITY_MONTH_2024: FormDefinition = {
  code: 'quality-month-2024',
  version: 1,
  name: '2024年“质量月”活动统计表',
  title: '2024年“质量月”活动统计表',
  indicators: [
    n('pub_leader_provincial', '省部级', [PUB, '领导参与情况'], '人次'),
    n('pub_leader_city', '市局级', [PUB, '领导参与情况'], '人次'),
    n('pub_leader_county', '县处级', [PUB, '领导参与情况'], '人次'),
    n('pub_events', '组织活动次数', [PUB], '次'),
    n('pub_attendance', '群众参加人次', [PUB], '人次'),
    n('pub_departments', '参与部门', [PUB], '个'),
    n('pub_department_attendance', '部门参与人次', [PUB], '人次'),
    n('press_departments', '参加部门', [PRESS], '个'),
    n('press_releases', '发布专题新闻、信息', [PRESS], '条'),
    n('print_articles', '报纸、杂志发表专题文章或新闻报道总数', [], '篇'),
    n('broadcast_count', '播放广播、电视专题节目及新闻报道总数', [], '次'),
    n('broadcast_minutes', '总时长', [], '分钟', { sameRowAs: 'broadcast_count' }),
    n('psa_count', '制作、播放各类公益广告', [], '次'),
    n('posters', '制作、张贴宣传画', [], '张'),
    n('leaflets', '制作、发放宣传资料', [], '份'),
    n('boards', '制作展板', [], '个'),
    n('sms', '发送宣传短信', [], '条'),
    n('new_media', '新媒体宣传（微信、微博）', [], '次'),
    n('complaints', '处理消费者投诉数量', [], '个'),
    n('ent_count', '参与企业数量', [ENT], '家'),
    n('ent_staff', '参与职工数量', [ENT], '人次'),
    n('ent_hazards', '查找质量隐患', [ENT], '个'),
    n('ent_solved', '解决质量问题', [ENT], '个'),
    n('ent_meetings', '企业召开质量分析会', [ENT], '场'),
    n('ent_qc', '企业开展QC小组活动', [ENT], '次'),
    n('enf_areas', '确定整治的重点区域', [ENF], '个'),
    n('enf_products', '确定整治的重点产品', [ENF], '种'),
    n('enf_officers', '出动执法人员', [ENF], '人次'),
    n('enf_cases', '查处违法案件', [ENF], '起'),
    n('enf_goods_value', '查获假冒伪劣产品货值', [ENF], '万元', { type: 'decimal2' }),
    n('enf_exposed', '曝光制假售假企业', [ENF], '家'),
  ],
  rules: [
    { expr: 'ent_solved <= ent_hazards', level: 'warning', message: '解决质量问题数一般不超过查找质量隐患数' },
    {
      expr: 'broadcast_count == 0 or broadcast_minutes > 0',
      level: 'warning',
      message: '填报了广播电视播放次数时，总时长应大于 0',
    },
    {
      expr: 'pub_department_attendance >= pub_departments',
      level: 'warning',
      message: '部门参与人次不应少于参与部门数',
    },
    {
      expr: 'press_releases == 0 or press_departments > 0',
      level: 'warning',
      message: '发布了专题新闻时，参加部门数应大于 0',
    },
    { expr: 'pub_attendance <= 5000000', level: 'explain', message: '群众参加人次超过 500 万，请说明统计口径' },
  ],
};

export const BUILTIN_FORMS: FormDefinition[] = [QUALITY_MONTH_2024];
