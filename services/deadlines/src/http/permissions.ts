import type { deadlines, Role } from '@zz/contracts';

/**
 * Who may pause, resume and extend a clock over HTTP. The watcher's deciders enforce what the policy
 * table says (pause reasons, extension limits, the approver roles of each clock); these are the role
 * checks the policy leaves to the caller.
 */

/** The staff member who runs each flow day to day (court clocks are the referral flow's). */
const FLOW_OFFICER: Record<deadlines.ClockFlow, Role | undefined> = {
  petition: 'petition_officer',
  mediation: 'mediator',
  referral: 'court_liaison',
  intake: undefined, // routing clocks (whistle, assign down) are the supervisor's
};

/** Pause and resume: a supervisor or admin on any clock, or the flow's own officer on that flow's clocks. */
export function mayPauseOrResume(role: Role, flow: deadlines.ClockFlow): boolean {
  return role === 'supervisor' || role === 'admin' || FLOW_OFFICER[flow] === role;
}

/**
 * Extend: the clock's policy names its approvers (e.g. petition answer: supervisor, responsible leader,
 * admin; court ruling: court liaison, admin) and the decider refuses anyone else with `approver_role`.
 * Roles that approve no clock at all are turned away here with 403.
 */
const APPROVING_ROLES: readonly Role[] = ['supervisor', 'admin', 'responsible_leader', 'court_liaison', 'mediator'];
export function mayApproveExtensions(role: Role): boolean {
  return APPROVING_ROLES.includes(role);
}
