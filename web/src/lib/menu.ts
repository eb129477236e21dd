/** The screens each role uses, first one is home. Which *actions* a role may take comes from the server. */
const MENUS: Record<string, string[]> = {
  intake_clerk: ['workbench', 'desk', 'queue'],
  mediator: ['workbench', 'queue'],
  supervisor: ['workbench', 'queue', 'desk', 'petitions', 'indicators', 'command'],
  department_liaison: ['workbench'],
  court_liaison: ['workbench'],
  petition_officer: ['petitions', 'workbench', 'queue'],
  responsible_leader: ['petitions'],
  command_viewer: ['command', 'queue', 'indicators'],
  admin: ['command', 'workbench', 'queue', 'desk', 'indicators'],
};

export function menuOf(role: string): string[] {
  return MENUS[role] ?? ['workbench'];
}

export function homeOf(role: string): string {
  return `/${menuOf(role)[0]}`;
}
