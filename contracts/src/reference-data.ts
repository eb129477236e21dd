import { z } from 'zod';

/** Dispute categories (纠纷类别), docs/domain.md § Reference data. */
export const DISPUTE_CATEGORIES = {
  marriage_family: { zh: '婚姻家庭', en: 'Marriage and family' },
  neighbours: { zh: '邻里', en: 'Neighbours' },
  housing_homestead: { zh: '房屋宅基地', en: 'Housing and homestead' },
  contract: { zh: '合同', en: 'Contract' },
  business_operations: { zh: '生产经营', en: 'Business operations' },
  damages: { zh: '损害赔偿', en: 'Damages' },
  forest_land: { zh: '山林土地', en: 'Forest and land' },
  land_expropriation: { zh: '征地拆迁', en: 'Land expropriation and demolition' },
  pollution: { zh: '环境污染', en: 'Pollution' },
  labour: { zh: '劳动争议', en: 'Labour (incl. unpaid migrant-worker wages)' },
  medical: { zh: '医疗', en: 'Medical' },
  traffic_accident: { zh: '道路交通事故', en: 'Traffic accident' },
  property_management: { zh: '物业', en: 'Property management' },
  consumer: { zh: '消费', en: 'Consumer' },
  other: { zh: '其他', en: 'Other' },
} as const;
export type DisputeCategory = keyof typeof DISPUTE_CATEGORIES;
export const DisputeCategory = z.enum(Object.keys(DISPUTE_CATEGORIES) as [DisputeCategory, ...DisputeCategory[]]);

/** Where a case came from (案件来源). */
export const CASE_SOURCES = {
  party_application: { zh: '当事人申请', en: 'Party application' },
  grid_inspection: { zh: '网格员排查', en: 'Grid worker inspection' },
  hotline_12345: { zh: '12345热线工单', en: '12345 hotline order' },
  police_110: { zh: '110移交', en: '110 hand-over' },
  court_referral: { zh: '法院委派', en: 'Court referral' },
  petition_bureau: { zh: '信访部门转交', en: 'Petition bureau transfer' },
  government_assignment: { zh: '政府交办', en: 'Government assignment' },
  mediation_committee: { zh: '调委会主动调解', en: "Mediation committee's own initiative" },
  online: { zh: '网上申请', en: 'Online' },
} as const;
export type CaseSource = keyof typeof CASE_SOURCES;
export const CaseSource = z.enum(Object.keys(CASE_SOURCES) as [CaseSource, ...CaseSource[]]);

/** Risk grade (风险等级): the default three colours; rules in services/intake/src/domain/risk-policy.ts. */
export const RISK_GRADES = {
  red: { zh: '红色', en: 'Red' },
  yellow: { zh: '黄色', en: 'Yellow' },
  green: { zh: '绿色', en: 'Green' },
} as const;
export type RiskGrade = keyof typeof RISK_GRADES;
export const RiskGrade = z.enum(['red', 'yellow', 'green']);
export const RISK_ORDER: Record<RiskGrade, number> = { green: 0, yellow: 1, red: 2 };

/** Supervision level (督办等级), separate from risk. */
export const SupervisionLevel = z.enum(['ordinary', 'yellow_card', 'red_card']);
export type SupervisionLevel = z.infer<typeof SupervisionLevel>;

/** Channels a declined dispute is pointed to instead (不予受理时告知的途径). */
export const RedirectChannel = z.enum([
  'court_litigation', // 向人民法院起诉
  'labour_arbitration', // 劳动人事争议仲裁
  'administrative_review', // 行政复议
  'petition', // 信访渠道
  'police', // 公安机关
  'consumer_association', // 消费者协会
  'other',
]);
export type RedirectChannel = z.infer<typeof RedirectChannel>;

export const ROLES = [
  'intake_clerk', // 受理窗口
  'mediator', // 调解员
  'supervisor', // 中心主任/督办
  'department_liaison', // 职能部门联络员
  'court_liaison', // 法院联络员
  'petition_officer', // 信访干部
  'responsible_leader', // 包保领导
  'command_viewer', // 市综治中心指挥席
  'admin',
] as const;
export const Role = z.enum(ROLES);
export type Role = z.infer<typeof Role>;
