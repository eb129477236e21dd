// Code → name for everything the API answers as a code. The tables are the contracts' own (one
// source for server and browser); regions come from the API for the caller's jurisdiction.
import { reactive } from 'vue';
import { DISPUTE_STATUS_LABELS } from '../../../contracts/src/intake/status';
import { MEDIATION_STATUS_LABELS, ORGANISATION_KIND_LABELS } from '../../../contracts/src/mediation/status';
import { PETITION_STATUS_LABELS } from '../../../contracts/src/petition/status';
import { PETITION_SUBJECT_AREAS } from '../../../contracts/src/petition/subject-areas';
import { REFERRAL_STATUS_LABELS } from '../../../contracts/src/referral/status';
import { CASE_SOURCES, DISPUTE_CATEGORIES, RISK_GRADES } from '../../../contracts/src/reference-data';
import { i18n } from '../i18n';
import { api } from './api';

type Label = { zh: string; en: string };
const pick = (l: Label | undefined, fallback: string) => (l ? (i18n.global.locale.value === 'en' ? l.en : l.zh) : fallback);

export const TABLES: Record<string, Record<string, Label>> = {
  status: DISPUTE_STATUS_LABELS,
  mediationStatus: MEDIATION_STATUS_LABELS,
  petitionStatus: PETITION_STATUS_LABELS,
  referralStatus: REFERRAL_STATUS_LABELS,
  category: DISPUTE_CATEGORIES,
  source: CASE_SOURCES,
  risk: RISK_GRADES,
  organisationKind: ORGANISATION_KIND_LABELS as Record<string, Label>,
  subjectArea: PETITION_SUBJECT_AREAS as Record<string, Label>,
  channel: { online: { zh: '网上信访', en: 'Online' }, letter: { zh: '来信', en: 'Letter' }, phone: { zh: '来电', en: 'Phone' }, fax: { zh: '传真', en: 'Fax' }, visit: { zh: '来访', en: 'Visit' } },
};

/** The label of a code in one table, in the current language; "—" for none, a generic word for an unknown code. */
export function label(table: keyof typeof TABLES | string, code: string | null | undefined): string {
  if (code === null || code === undefined || code === '') return '—';
  const t = TABLES[table];
  return pick(t?.[code], i18n.global.t('common.unknown'));
}

export function options(table: string): { value: string; label: string }[] {
  return Object.keys(TABLES[table] ?? {}).map((value) => ({ value, label: label(table, value) }));
}

export interface Region {
  code: string;
  name: string;
  tier: 'city' | 'county' | 'township' | 'grid';
  parentCode: string | null;
  demo: boolean;
}

/** The caller's jurisdiction (loaded once per sign-in). */
export const regions = reactive<{ byCode: Record<string, Region>; loaded: boolean }>({ byCode: {}, loaded: false });

export async function loadRegions(): Promise<void> {
  try {
    const r = await api<{ items: Region[] }>('/api/workbench/regions');
    regions.byCode = Object.fromEntries(r.items.map((x) => [x.code, x]));
  } catch {
    regions.byCode = {};
  }
  regions.loaded = true;
}

/** A center's or area's name; demo townships keep their "(演示)" marker. Never the bare code. */
export function centerName(code: string | null | undefined): string {
  if (!code) return '—';
  const r = regions.byCode[code];
  if (r) return r.name;
  const county = JIXI_UNITS[code.slice(0, 6)];
  return county ? (code.length > 6 ? i18n.global.t('common.areaIn', { county: county }) : county) : i18n.global.t('common.outsideArea');
}

/** The nine county-level units of Jixi (DOMAIN.md), for names outside the caller's loaded regions. */
export const JIXI_UNITS: Record<string, string> = {
  '230300': '鸡西市',
  '230302': '鸡冠区',
  '230303': '恒山区',
  '230304': '滴道区',
  '230305': '梨树区',
  '230306': '城子河区',
  '230307': '麻山区',
  '230321': '鸡东县',
  '230381': '虎林市',
  '230382': '密山市',
};

export function childrenOf(code: string): Region[] {
  return Object.values(regions.byCode).filter((r) => r.parentCode === code && r.tier !== 'grid');
}

/** The demo's functional departments a whistle may summon (department codes are free in the API). */
export const DEPARTMENTS: { code: string; zh: string; en: string }[] = [
  { code: 'hrss', zh: '人社局', en: 'Human resources and social security' },
  { code: 'housing', zh: '住建局', en: 'Housing and urban-rural development' },
  { code: 'natural_resources', zh: '自然资源局', en: 'Natural resources' },
  { code: 'justice', zh: '司法局', en: 'Justice bureau' },
  { code: 'public_security', zh: '公安局', en: 'Public security' },
  { code: 'market_regulation', zh: '市场监管局', en: 'Market regulation' },
  { code: 'ecology', zh: '生态环境局', en: 'Ecology and environment' },
  { code: 'health', zh: '卫健委', en: 'Health commission' },
];
export function departmentName(code: string, fallback?: string): string {
  const d = DEPARTMENTS.find((x) => x.code === code);
  return d ? pick(d, code) : (fallback ?? i18n.global.t('common.unknown'));
}
