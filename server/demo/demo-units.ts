// Units named in the seed documents (CONTRACTS.md, Demo data).

export const NATIONAL_OFFICE = '国家市场监督管理总局';

/** The 26 co-issuers of the national notice (seed 001), after 市场监管总局 itself. */
export const NATIONAL_DEPARTMENTS = [
  '中央宣传部',
  '最高人民法院',
  '最高人民检察院',
  '国家发展改革委',
  '教育部',
  '工业和信息化部',
  '公安部',
  '民政部',
  '自然资源部',
  '生态环境部',
  '住房城乡建设部',
  '交通运输部',
  '水利部',
  '农业农村部',
  '商务部',
  '文化和旅游部',
  '国家卫生健康委',
  '应急管理部',
  '中国人民银行',
  '国务院国资委',
  '海关总署',
  '国家知识产权局',
  '国家国际发展合作署',
  '供销合作总社',
  '全国总工会',
  '全国工商联',
];

export const XPCC_OFFICE = '新疆生产建设兵团市场监督管理局';

export const TIBET_CODE = '540000';
export const TIBET_OFFICE_ALIAS = '自治区质量和标准化工作领导小组办公室';
export const TIBET_ASSOCIATION = '西藏自治区质量协会';

/** Seed 000 附件1: the regional departments, as the attachment names them (质量协会 is the association). */
export const TIBET_DEPARTMENTS = [
  '市场监管局',
  '宣传部',
  '高法',
  '经济和信息化厅',
  '公安厅',
  '自然资源厅',
  '生态环境厅',
  '住房城乡建设厅',
  '水利厅',
  '农业农村厅',
  '商务厅',
  '人行',
  '国资委',
  '工商联',
  '拉萨海关',
  '检察院',
  '发展和改革委员会',
  '教育厅',
  '民政厅',
  '交通运输厅',
  '文化和旅游发展厅',
  '卫生健康委员会',
  '应急管理厅',
  '外事办',
  '供销合作社',
  '总工会',
];

export const TIBET_ASSOCIATION_MEMBERS = ['一', '二', '三', '四', '五', '六'].map((n) => `示例会员企业${n}`);

export const SICHUAN_CODE = '510000';
/** Seed 002 附件1: the provincial co-organising departments. */
export const SICHUAN_DEPARTMENTS = [
  '省市场监管局',
  '省检察院',
  '省委宣传部',
  '省委网信办',
  '经济和信息化厅',
  '教育厅',
  '公安厅',
  '自然资源厅',
  '生态环境厅',
  '住房城乡建设厅',
  '交通运输厅',
  '水利厅',
  '农业农村厅',
  '商务厅',
  '应急管理厅',
  '省药监局',
  '省供销社',
  '成都海关',
  '省贸促会',
  '人行四川省分行',
];

export const HUNAN_CODE = '430000';
export const YUEYANG_CODE = '430600';
/** Seed 003: the Yueyang bureau's sections and units named as responsible in its plan. */
export const YUEYANG_SECTIONS = [
  '质量发展科',
  '计量科',
  '认证认可科',
  '产品质量科',
  '特种设备安全监察科',
  '综合行政执法支队',
  '消保科',
  '反不正当竞争和反垄断科',
  '信用监管科',
  '抽检科',
];

export interface DemoAccount {
  username: string;
  displayName: string;
  unit: 'national' | 'tibet' | 'tibet-assoc' | 'sichuan' | 'hunan' | 'yueyang';
  roles: ('admin' | 'reviewer' | 'reporter' | 'viewer')[];
}

export const DEMO_ACCOUNTS: DemoAccount[] = [
  { username: 'national-reviewer', displayName: '总局审核员', unit: 'national', roles: ['reviewer'] },
  { username: 'tibet-reviewer', displayName: '西藏审核员', unit: 'tibet', roles: ['reviewer'] },
  { username: 'tibet-reporter', displayName: '西藏填报员', unit: 'tibet', roles: ['reporter'] },
  { username: 'tibet-assoc-reporter', displayName: '西藏质协填报员', unit: 'tibet-assoc', roles: ['reporter'] },
  { username: 'sichuan-reviewer', displayName: '四川审核员', unit: 'sichuan', roles: ['reviewer'] },
  { username: 'hunan-reviewer', displayName: '湖南审核员', unit: 'hunan', roles: ['reviewer'] },
  { username: 'yueyang-reviewer', displayName: '岳阳审核员', unit: 'yueyang', roles: ['reviewer'] },
  { username: 'yueyang-reporter', displayName: '岳阳填报员', unit: 'yueyang', roles: ['reporter'] },
];
