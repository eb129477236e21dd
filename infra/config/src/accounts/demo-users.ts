import type { RegionDirectory, Role } from '@zz/contracts';

/** A demo user the sign-in page offers in demo mode: a role at a center, labelled so nobody mistakes it for a real account. */
export interface DemoUser {
  userId: string;
  role: Role;
  center: string;
  centerName: string;
  displayName: string;
  label: { zh: string; en: string };
}

/**
 * Demo users on the loaded regions: the city command center and admin, the first county's director,
 * department liaison, court liaison, petition officer and responsible leader, a clerk and a mediator
 * at its first township, and a clerk at its second township (to see that townships don't see each other).
 * Demo mode only (`npm start`): production serves none of them.
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
    displayName: `${zh}（演示）`,
    label: { zh, en },
  });
  const out: DemoUser[] = [u('command_viewer', city, '市综治中心指挥席', 'City command center'), u('supervisor', city, '市综治中心主任', 'City center director')];
  if (county) {
    out.push(u('supervisor', county, '县（区）中心主任', 'County center director'));
    out.push(u('department_liaison', county, '职能部门联络员', 'Department liaison'));
    out.push(u('court_liaison', county, '法院联络员', 'Court liaison'));
    out.push(u('petition_officer', county, '信访干部', 'Petition officer'));
    out.push(u('responsible_leader', county, '包保领导', 'Responsible leader'));
  }
  if (towns[0]) {
    out.push(u('intake_clerk', towns[0], '乡镇受理窗口', 'Township intake clerk'));
    out.push(u('mediator', towns[0], '乡镇调解员', 'Township mediator'));
  }
  if (towns[1]) out.push(u('intake_clerk', towns[1], '另一乡镇受理窗口', 'Clerk at another township'));
  out.push(u('admin', city, '系统管理员', 'Administrator'));
  return out;
}
