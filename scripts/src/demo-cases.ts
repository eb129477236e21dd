import type { DisputeCategory, Region } from '@zz/contracts';

/**
 * Realistic, clearly fictional demo cases: titles per category as a Jixi township desk would write
 * them, generated names, and ID numbers of the right shape (fake; checksum not computed).
 */
const TITLES: Record<DisputeCategory, string[]> = {
  marriage_family: ['离婚后子女抚养费纠纷', '赡养老人费用分担纠纷', '婚后财产分割纠纷'],
  neighbours: ['楼上漏水引发邻里纠纷', '通道占用邻里纠纷', '饲养犬只扰邻纠纷'],
  housing_homestead: ['宅基地边界争议', '房屋买卖过户纠纷'],
  contract: ['农资买卖合同欠款纠纷', '房屋租赁合同押金纠纷'],
  business_operations: ['合伙经营利润分配纠纷', '商铺经营权纠纷'],
  damages: ['装修施工致损赔偿纠纷', '牲畜毁坏庄稼赔偿纠纷'],
  forest_land: ['林地承包边界纠纷', '土地流转费用纠纷'],
  land_expropriation: ['征地补偿款分配纠纷', '棚户区改造安置纠纷'],
  pollution: ['煤矿粉尘污染纠纷', '养殖场异味污染纠纷'],
  labour: ['工地拖欠农民工工资', '煤矿工伤待遇纠纷', '解除劳动合同补偿纠纷'],
  medical: ['诊所诊疗损害纠纷'],
  traffic_accident: ['农用车交通事故赔偿纠纷', '电动车碰撞赔偿纠纷'],
  property_management: ['物业费收缴纠纷', '小区供暖不达标纠纷'],
  consumer: ['预付卡退费纠纷', '网购商品质量纠纷'],
  other: ['其他民间纠纷'],
};
const SURNAMES = [
  ...'王李张刘陈杨赵黄周吴徐孙马朱胡郭何高林罗郑梁谢宋唐许韩冯邓曹彭曾萧田董袁潘于蒋蔡余杜叶程苏魏吕丁任沈姚卢姜崔钟谭陆汪范金石廖贾夏韦付方白邹孟熊秦邱江尹薛闫段雷侯龙史陶黎贺顾毛郝龚邵万钱严覃武戴莫孔向汤',
];
const GIVEN = [...'伟芳娜秀英敏静丽强磊军洋勇艳杰娟涛明超秀兰霞平刚桂英华玉兰萍红娥建国建华志强海燕淑珍凤英'];
const SOURCES = ['party_application', 'grid_inspection', 'hotline_12345', 'police_110', 'court_referral', 'petition_bureau', 'government_assignment', 'mediation_committee', 'online'] as const;
const WEIGHTED_CATEGORIES: DisputeCategory[] = [
  ...Array<DisputeCategory>(5).fill('neighbours'),
  ...Array<DisputeCategory>(4).fill('marriage_family'),
  ...Array<DisputeCategory>(4).fill('labour'),
  ...Array<DisputeCategory>(3).fill('property_management'),
  ...Array<DisputeCategory>(3).fill('contract'),
  ...Array<DisputeCategory>(2).fill('housing_homestead'),
  ...Array<DisputeCategory>(2).fill('traffic_accident'),
  ...(Object.keys(TITLES) as DisputeCategory[]),
];

export type Random = () => number;
/** Deterministic PRNG (mulberry32) so a seed run can be repeated. */
export function prng(seed: number): Random {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}
const pick = <T>(r: Random, xs: readonly T[]): T => xs[Math.floor(r() * xs.length)]!;

export function fakePerson(r: Random, countyCode: string) {
  const name = pick(r, SURNAMES) + pick(r, GIVEN) + (r() < 0.5 ? pick(r, GIVEN) : '');
  const birth = `${1950 + Math.floor(r() * 50)}${String(1 + Math.floor(r() * 12)).padStart(2, '0')}${String(1 + Math.floor(r() * 28)).padStart(2, '0')}`;
  const idNumber = `${countyCode}${birth}${String(Math.floor(r() * 10000)).padStart(4, '0')}`;
  const phone = `13${Math.floor(r() * 10)}${String(Math.floor(r() * 1e8)).padStart(8, '0')}`;
  return { name, idNumber, phone, address: `演示地址${Math.floor(r() * 200) + 1}号` };
}

/** One registration body in a random demo grid or township of the given regions. */
export function demoRegistration(r: Random, areas: Region[], countyOf: (code: string) => string) {
  const area = pick(r, areas);
  const category = pick(r, WEIGHTED_CATEGORIES);
  const county = countyOf(area.code);
  const partyCount = r() < 0.08 ? 5 + Math.floor(r() * 30) : 1 + Math.floor(r() * 2);
  const applicant = fakePerson(r, county);
  return {
    areaCode: area.code,
    category,
    source: pick(r, SOURCES),
    title: pick(r, TITLES[category]),
    description: `（演示数据）${applicant.name}反映：${pick(r, TITLES[category])}，请求调解。`,
    parties: [
      { role: 'applicant', details: applicant },
      { role: 'respondent', details: fakePerson(r, county) },
    ],
    indicators: { partyCount, violenceThreat: r() < 0.03, repeatedPoliceCalls: r() < 0.04, sensitiveMatter: r() < 0.1 },
  };
}
