import type zh from './zh-CN';

const en: typeof zh = {
  app: { title: 'Governance center dispute resolution platform', short: 'Governance center', signOut: 'Sign out', lang: '中文' },
  role: {
    intake_clerk: 'Intake clerk', mediator: 'Mediator', supervisor: 'Center director', department_liaison: 'Department liaison', court_liaison: 'Court liaison',
    petition_officer: 'Petition officer', responsible_leader: 'Responsible leader', command_viewer: 'City command center', admin: 'Administrator',
  },
  menu: { indicators: 'Indicators', petitions: 'Petitions', workbench: 'My tasks', desk: 'Register', queue: 'Case queue', command: 'Command center' },
  common: {
    unknown: 'Unknown', outsideArea: 'Outside your area', areaIn: 'In {county}', loading: 'Loading…', empty: 'No data', submit: 'Submit', cancel: 'Cancel', back: 'Back',
    search: 'Search', all: 'All', open: 'Open', yes: 'Yes', no: 'No', refresh: 'Refresh', demo: 'Demo', none: 'None', saved: 'Saved',
  },
  time: { left: '{span} left', overdue: 'Overdue by {span}', daysHours: '{d} d {h} h', hours: '{h} h {m} min' },
  signin: {
    title: 'Sign in', userId: 'User ID', password: 'Password', submit: 'Sign in', demoTitle: 'Demo accounts (demo mode only)', demoHint: 'Pick a demo role; all data is demo data.',
    required: 'Enter your user ID and password', invalid: 'Wrong user ID or password', locked: 'Account locked: try later or ask an administrator', tooMany: 'Too many attempts: try again later', failed: 'Sign-in failed: try again later',
  },
  errors: { invalid: 'This field is not valid', required: 'Required', forbidden: 'Your role may not do this', conflict: 'The case has changed: refresh and try again', stale: 'Someone else updated the case: refreshed, please try again', notFound: 'Case not found or outside your area', generic: 'Failed: try again later', network: 'Network error' },
  case: {
    code: 'Case code', title: 'Title', status: 'Status', category: 'Category', source: 'Source', risk: 'Risk', supervision: 'Supervision', area: 'Area', registeringCenter: 'Registered at',
    handlingCenter: 'Handled by', registeredAt: 'Registered', dueAt: 'Due', description: 'Account', parties: 'Parties', timeline: 'Timeline (all flows)', clocks: 'Deadlines', actions: 'What you can do',
    noActions: 'Nothing for you to do on this case now', linked: 'Linked files', mediation: 'Mediation', referral: 'Pre-filing mediation', petition: 'Petition', whistles: 'Whistles', pending: 'Awaiting report-in', reported: 'Reported in',
    partyRole: 'Role', name: 'Name', idNumber: 'ID number', phone: 'Phone', address: 'Address', erased: 'Personal data erased', who: 'By', when: 'When', what: 'What',
    done: 'Done: {action}', sessions: 'Sessions', mediator: 'Mediator', plannedEnd: 'Planned end', agreement: 'Agreement', performance: 'Performance', none: 'None',
  },
  partyRole: { applicant: 'Applicant', respondent: 'Respondent', third_party: 'Third party' },
  supervision: { ordinary: 'Ordinary', yellow_card: 'Yellow card', red_card: 'Red card' },
  action: {
    'referral-accept': 'Accept referral', settle: 'Settled', fail: 'Failed', 'apply-confirmation': 'Apply for confirmation', 'rule-confirmation': 'Rule on confirmation', file: 'File the case',
    'petition-accept': 'Accept petition', 'petition-decline': 'Decline petition', 'mark-backlog': 'Mark as backlog', 'assign-leader': 'Assign responsible leader', 'sign-responsibility': 'Sign the statement', 'list-supervision': 'Listed supervision',
    'lift-supervision': 'Lift supervision', 'admonishing-interview': 'Admonishing interview', 'circulate-notice': 'Circulate notice', answer: 'Written answer', 'request-review': 'Request review', 'decide-review': 'Review decision', 'request-re-review': 'Request re-review',
    'decide-re-review': 'Re-review decision', resolve: 'Resolve',
    accept: 'Accept', decline: 'Decline', 'assess-risk': 'Assess risk', route: 'Handle here', 'assign-down': 'Assign down', escalate: 'Report up', whistle: 'Blow the whistle', mediate: 'Route to mediation',
    'report-in': 'Report in', close: 'Close', 'follow-up': 'Follow-up visit', reopen: 'Reopen',
    'assign-mediator': 'Assign mediator', 'record-session': 'Record a session', 'note-progress': 'Note progress', extend: 'Extend', 'record-refusal': 'Party refuses',
    'reach-agreement': 'Record agreement', 'record-failure': 'Mediation failed', 'record-performance': 'Record performance', 'close-mediation': 'Close the file',
  },
  field: {
    preFilingNumber: 'Pre-filing number', acceptedAt: 'Accepted at', effectiveAt: 'Effective at', decision: 'Ruling', rulingNumber: 'Ruling number', ruledAt: 'Ruled at', caseNumber: 'Case number', filedAt: 'Filed at',
    appliedAt: 'Applied at', declineReason: 'Reason', explanation: 'Explanation', leaderUserId: 'Leader account', post: 'Post', statementText: 'Responsibility statement', interviewee: 'Body or post interviewed',
    scope: 'Circulated to', text: 'Text', reviewOutcome: 'Decision', resolutionKind: 'Resolution',
    note: 'Note', reason: 'Reason', redirectChannel: 'Channel to use', dueAt: 'Due', toCenter: 'Assign to', supervisionLevel: 'Supervision', instructions: 'Instructions', departments: 'Departments',
    reportInDueAt: 'Report in by', organisationKind: 'Organisation kind', organisationName: 'Organisation', plannedEndAt: 'Planned end', department: 'Department', outcome: 'Outcome', summary: 'Summary',
    satisfaction: 'Satisfaction', method: 'Method', partyCount: 'People on the applicant side', violenceThreat: 'Threat of violence', civilToCriminalRisk: 'Civil-to-criminal risk', repeatedPoliceCalls: 'Repeated police calls',
    sensitiveMatter: 'Sensitive matter', mediatorId: 'Mediator account', heldAt: 'Held at', notes: 'Minutes', terms: 'Terms', signedAt: 'Signed at', performanceDeadline: 'Perform by',
    status: 'Performance', checkedAt: 'Checked at', newEndAt: 'New end', person: 'Party', statedAt: 'Stated at', failureReason: 'Reason',
  },
  choice: {
    referralFailure: { no_agreement: 'No agreement', party_absent: 'Party absent', time_limit_expired: 'Time limit expired', party_withdrew: 'Party withdrew', other: 'Other' },
    decision: { confirmed: 'Confirmed', rejected: 'Rejected' },
    declineReason: { outside_remit: 'Outside remit', other_legal_channel: 'Belongs to a legal channel', already_being_handled: 'Already being handled', matter_finally_reviewed: 'Finally re-reviewed', other: 'Other' },
    reviewOutcome: { upheld: 'Upheld', changed: 'Changed', revoked: 'Revoked, handle again' },
    resolutionKind: { resolved: 'Resolved', ceased: 'Petitioning ceased' },
    redirectChannel: { court_litigation: 'Sue in court', labour_arbitration: 'Labour arbitration', administrative_review: 'Administrative review', petition: 'Petition channel', police: 'Police', consumer_association: 'Consumer association', other: 'Other' },
    outcome: { resolved: 'Resolved', partially_resolved: 'Partially resolved', unresolved: 'Unresolved', withdrawn: 'Withdrawn' },
    satisfaction: { satisfied: 'Satisfied', basically_satisfied: 'Basically satisfied', dissatisfied: 'Dissatisfied' },
    method: { phone: 'Phone', visit: 'Visit', online: 'Online' },
    performance: { full: 'Fully performed', partial: 'Partly performed', none: 'Not performed' },
    failureReason: { no_agreement: 'No agreement', party_absent: 'Party absent', time_limit_expired: 'Time limit expired', beyond_scope: 'Beyond mediation scope', other: 'Other' },
  },
  desk: {
    title: 'Register a dispute', area: 'Area (township / grid)', title_: 'Title', titleHint: 'Short; no names or numbers', description: 'Account', category: 'Category', source: 'Source',
    parties: 'Parties', addParty: 'Add a party', removeParty: 'Remove', partyRole: 'Role', name: 'Name', idNumber: 'ID number', phone: 'Phone', address: 'Address',
    indicators: 'Risk facts', submit: 'Register', registered: 'Registered as {code}', openCase: 'Open the case', reset: 'Register another',
    priorCases: 'Earlier cases of the same party', noPrior: 'No earlier cases of the same party',
    e: { title: 'At least 2 characters', description: 'Describe the dispute', area: 'Choose the area', category: 'Choose a category', source: 'Choose a source', name: 'Enter the name', idNumber: 'An ID number has 18 characters', phone: 'A mobile number has 11 digits' },
  },
  queue: {
    title: 'Case queue', status: 'Status', category: 'Category', risk: 'Risk', overdue: 'Overdue', onlyOverdue: 'Overdue only', allStatus: 'All statuses (incl. closed)', allCategory: 'All categories',
    allRisk: 'All risk grades', open: 'Open cases (not closed)', count: '{n} cases', more: 'Load more',
  },
  wb: {
    title: 'My tasks', due: 'Due', countdown: 'Countdown', kind: 'Task', filter: 'Filter by title or code',
    k: { accept: 'To accept', route: 'To route', followUp: 'To follow up', overdue: 'Overdue', reportIn: 'To report in', escalated: 'Reported up to us', mediate: 'In mediation', dueSoon: 'Due soon', lapsed: 'Lapsed', whistle: 'Whistle: report-in pending' },
  },
  pet: {
    register: 'Register a petition', channel: 'Channel', subjectArea: 'Subject', matterKey: 'Matter', matterHint: 'e.g. a village’s compensation; no names', description: 'Request', petitioner: 'Petitioner', submit: 'Register',
    backlog: 'Backlog board', backlogCounts: '{open} open backlog cases, {unsigned} unsigned, {supervised} under listed supervision', receivedAt: 'Received', backlogFlag: 'Backlog', leader: 'Responsible leader', signed: 'signed', unsigned: 'not signed',
    e: { matterKey: 'Name the matter (at least 2 characters)' },
  },
  ind: {
    title: 'Indicators', ranking: 'Centers below, ranked', rank: 'Rank', center: 'Center',
    k: { timelyAcceptance: 'Timely acceptance', onTimeClosure: 'On-time closure', resolution: 'Resolution', satisfaction: 'Satisfaction', repeatPetition: 'Repeat petitions', mediationSuccess: 'Mediation success' },
  },
  cc: {
    title: 'Jixi governance center: command', open: 'Open', overdue: 'Overdue', red: 'Red risk', newToday: 'New today', resolvedToday: 'Resolved today', agreementsToday: 'Agreements today',
    trend: 'Last 14 days', registered: 'New', resolved: 'Resolved', byCategory: 'By category', map: 'Area map', warnings: 'Warnings', live: 'Live', byArea: 'Centers below',
    up: 'Up one level', liveOn: 'Live', liveOff: 'Disconnected', noWarnings: 'No warnings', colourBy: 'Colour',
    w: { same_party: 'Same party, several cases', same_address: 'Same address, several cases', hot_spot: 'Category hot spot', risk_escalation: 'Risk escalating', repeat_petition: 'Repeat petition', department_not_reported: 'Department not reported in' },
  },
};
export default en;
