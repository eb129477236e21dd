import type { RegionDirectory, Role } from '@zz/contracts';

/** A demo user the sign-in page offers: a role at a center, labelled so nobody mistakes it for a real account. */
export interface DemoUser {
  userId: string;
  role: Role;
  center: string;
  centerName: string;
  label: { zh: string; en: string };
}

/**
 * Demo users on the loaded regions: the city command center, the first county's director and
 * department liaison, a clerk and a mediator at its first township, and a clerk at its second
 * township (to see that townships don't see each other).
 */
export function demoUsers(regions: RegionDirectory): DemoUser[] {
  const city = regions.all().find((r) => r.tier === 'city');
  if (!city) return [];
  const county = regions.children(city.code).find((r) => r.tier === 'county');
  const towns = county ? regions.children(county.code).filter((r) => r.tier === 'township') : [];
  const u = (role: Role, center: { code: string; name: string }, zh: string, en: string): DemoUser => ({
    userId: `demo-${role}@${center.code}`,
    role,
    center: center.code,
    centerName: center.name,
    label: { zh, en },
  });
  const out: DemoUser[] = [u('command_viewer', city, '市综治中心指挥席', 'City command center')];
  if (county) {
    out.push(u('supervisor', county, '县（区）中心主任', 'County center director'));
    out.push(u('department_liaison', county, '职能部门联络员', 'Department liaison'));
  }
  if (towns[0]) {
    out.push(u('intake_clerk', towns[0], '乡镇受理窗口', 'Township intake clerk'));
    out.push(u('mediator', towns[0], '乡镇调解员', 'Township mediator'));
  }
  if (towns[1]) out.push(u('intake_clerk', towns[1], '另一乡镇受理窗口', 'Clerk at another township'));
  out.push(u('admin', city, '系统管理员', 'Administrator'));
  return out;
}
