import type { RegionDirectory } from './regions.js';

/**
 * A center sees and acts on cases in its own area and the areas below it, never beside or above it.
 * A case is in an area when the place it arose (areaCode) or the center now holding it lies there.
 */
export function canSee(regions: RegionDirectory, centerCode: string, c: { areaCode: string; handlingCenter: string }): boolean {
  return regions.isWithin(c.areaCode, centerCode) || regions.isWithin(c.handlingCenter, centerCode);
}

/** Acting needs the case to be held by this center or one below it. */
export function canAct(regions: RegionDirectory, centerCode: string, c: { handlingCenter: string }): boolean {
  return regions.isWithin(c.handlingCenter, centerCode);
}

/** A center may look at the views of its own area and the centers below it. */
export function canViewCenter(regions: RegionDirectory, viewerCenter: string, center: string): boolean {
  return regions.get(center) !== undefined && regions.isWithin(center, viewerCenter);
}
