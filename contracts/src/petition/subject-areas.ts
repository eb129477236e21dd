import { z } from 'zod';
import type { DisputeCategory } from '../reference-data.js';

/**
 * Petition subject areas (信访事项内容分类): the petition system's own list, separate from dispute
 * categories (docs/domain.md § Reference data). Each maps to the dispute categories it usually concerns, the
 * first being the default when a petition turns into (or links to) a dispute.
 */
export const PETITION_SUBJECT_AREAS = {
  urban_rural_construction: { zh: '城乡建设', en: 'Urban and rural construction', categories: ['housing_homestead', 'property_management'] },
  land_resources: { zh: '国土资源', en: 'Land and natural resources', categories: ['forest_land', 'housing_homestead'] },
  land_expropriation: { zh: '征地拆迁', en: 'Land expropriation and demolition', categories: ['land_expropriation'] },
  labour_social_security: { zh: '劳动和社会保障', en: 'Labour and social security', categories: ['labour'] },
  rural_agriculture: { zh: '农村农业', en: 'Rural affairs and agriculture', categories: ['forest_land', 'contract', 'business_operations'] },
  health: { zh: '卫生健康', en: 'Health', categories: ['medical'] },
  ecology_environment: { zh: '生态环境', en: 'Ecology and environment', categories: ['pollution'] },
  transport: { zh: '交通运输', en: 'Transport', categories: ['traffic_accident'] },
  law_litigation: { zh: '涉法涉诉', en: 'Law enforcement and litigation', categories: ['damages', 'contract', 'other'] },
  market_regulation: { zh: '市场监管', en: 'Market regulation', categories: ['consumer', 'business_operations'] },
  civil_affairs: { zh: '民政', en: 'Civil affairs', categories: ['marriage_family', 'neighbours'] },
  enterprise_restructuring: { zh: '企业改制与经济管理', en: 'Enterprise restructuring and economic management', categories: ['business_operations', 'labour', 'contract'] },
  education: { zh: '教育', en: 'Education', categories: ['other'] },
  discipline_inspection: { zh: '纪检监察', en: 'Discipline inspection', categories: ['other'] },
  other: { zh: '其他', en: 'Other', categories: ['other'] },
} as const satisfies Record<string, { zh: string; en: string; categories: readonly [DisputeCategory, ...DisputeCategory[]] }>;

export type PetitionSubjectArea = keyof typeof PETITION_SUBJECT_AREAS;
export const PetitionSubjectArea = z.enum(Object.keys(PETITION_SUBJECT_AREAS) as [PetitionSubjectArea, ...PetitionSubjectArea[]]);

/** The dispute categories a subject area concerns; the first is the default. */
export function disputeCategoriesFor(area: PetitionSubjectArea): readonly DisputeCategory[] {
  return PETITION_SUBJECT_AREAS[area].categories;
}

/** Subject areas that concern a dispute category (for views that join petitions to disputes). */
export function subjectAreasFor(category: DisputeCategory): PetitionSubjectArea[] {
  return (Object.keys(PETITION_SUBJECT_AREAS) as PetitionSubjectArea[]).filter((a) => (PETITION_SUBJECT_AREAS[a].categories as readonly DisputeCategory[]).includes(category));
}
