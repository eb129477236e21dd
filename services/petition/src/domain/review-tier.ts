import { DomainError, type RegionDirectory } from '@zz/contracts';

/**
 * Where a 复查 / 复核 goes (信访工作条例 2022 arts. 35–36): the review to the office one level above
 * the one that answered, the re-review to the office one level above the reviewer. The chain
 * (township → county → city) is the region table's; above the city is the province, outside this
 * system, so a city's answer or review has no higher office here.
 */
export function higherOffice(regions: RegionDirectory, center: string): string | undefined {
  const parent = regions.get(center)?.parentCode;
  return parent ? regions.centerOf(parent)?.code : undefined;
}

/** The decider of a review must be that office itself: not the one below, not a sibling, not one further up. */
export function checkReviewOffice(regions: RegionDirectory, expected: string | null, actorCenter: string, what: { zh: string; en: string }): DomainError | undefined {
  if (!expected || expected === actorCenter) return undefined;
  const name = regions.get(expected)?.name ?? expected;
  return new DomainError('not_review_office', `${what.zh}由上一级机关${name}办理，本中心无权作出 / the ${what.en} is decided by the office one level up (${name}), not by this center`);
}
