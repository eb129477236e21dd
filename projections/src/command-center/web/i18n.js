// User-facing text: Chinese first (zh-CN default), English on switch. Labels mirror @zz/contracts reference data.
const DICT = {
  zh: {
    brand: '综治中心矛盾纠纷多元化解平台', signin: '演示登录', signinHint: '演示数据，仅供演示：选择一名演示用户登录（令牌与 API 相同）。', signout: '退出',
    command: '统筹指挥', desk: '受理窗口', queue: '本中心案件', register: '登记纠纷', live: '实时', offline: '已断开',
    newToday: '今日新增', open: '在办', overdue: '超期', closed: '已办结', resolvedToday: '今日化解', agreementsToday: '今日调解协议', total: '累计',
    risk: '风险等级', byCategory: '按类别', bySource: '按来源', byArea: '按地区', trend: '近14日趋势', registered: '登记', resolved: '化解', agreements: '调解协议',
    alerts: '提醒', dueSoon: '期限将至', lapsed: '已超期', awaitingReportIn: '吹哨待报到', backlog: '挂牌督办积案', warnings: '预警', liveFeed: '实时动态',
    none: '暂无', area: '地区', caseCode: '案件编码', status: '状态', category: '类别', source: '来源', title: '标题', due: '期限', actions: '操作',
    description: '纠纷描述', party: '当事人', name: '姓名', idNumber: '身份证号', phone: '电话', partyRole: '当事人身份', partyCount: '涉及人数', areaCode: '发生地',
    violenceThreat: '暴力威胁', civilToCriminalRisk: '民转刑风险', submit: '提交登记', filters: '筛选', all: '全部', scope: '范围', scopeArea: '辖区全部', scopeOwn: '本中心承办',
    registeredOk: '登记成功', caseDetail: '案件详情', timeline: '全程留痕', back: '返回',
    accept: '受理', handleHere: '本级办理', whistle: '吹哨', departments: '报到部门（代码:名称，逗号分隔）', reason: '事由', reportInDueAt: '报到期限',
    startMediation: '开始调解（立卷并指派本人）', organisationName: '调解组织', session: '记录调解会议', notes: '笔录摘要', progress: '记录进展', note: '进展', agreement: '达成协议', terms: '协议内容', failure: '调解不成', failureReason: '原因',
    done: '已完成', failed: '失败', noActions: '您的角色在此案件上没有可执行的操作', mediation: '调解卷宗', timelineUnavailable: '时间线服务尚未上线，显示案件状态',
    drillUp: '返回上级', warningKinds: { same_party: '同一当事人多案', same_address: '同一地址多案', hot_spot: '类别热点', risk_rise: '风险升级', repeat_petition: '重复信访', report_in_overdue: '部门未报到', deadline_missed: '期限已过' },
    roles: { intake_clerk: '受理窗口', mediator: '调解员', supervisor: '中心主任', department_liaison: '职能部门', court_liaison: '法院联络员', petition_officer: '信访干部', responsible_leader: '包保领导', command_viewer: '指挥席', admin: '管理员' },
  },
  en: {
    brand: 'Governance-center dispute platform', signin: 'Demo sign-in', signinHint: 'Demo data only: pick a demo user to sign in (same tokens as the API).', signout: 'Sign out',
    command: 'Command center', desk: 'Intake desk', queue: 'My center\u2019s cases', register: 'Register a dispute', live: 'Live', offline: 'Disconnected',
    newToday: 'New today', open: 'Open', overdue: 'Overdue', closed: 'Closed', resolvedToday: 'Resolved today', agreementsToday: 'Agreements today', total: 'Total',
    risk: 'Risk', byCategory: 'By category', bySource: 'By source', byArea: 'By area', trend: 'Last 14 days', registered: 'Registered', resolved: 'Resolved', agreements: 'Agreements',
    alerts: 'Alerts', dueSoon: 'Due soon', lapsed: 'Lapsed', awaitingReportIn: 'Awaiting report-in', backlog: 'Backlog under supervision', warnings: 'Early warnings', liveFeed: 'Live feed',
    none: 'None', area: 'Area', caseCode: 'Case code', status: 'Status', category: 'Category', source: 'Source', title: 'Title', due: 'Due', actions: 'Actions',
    description: 'Description', party: 'Party', name: 'Name', idNumber: 'ID number', phone: 'Phone', partyRole: 'Party role', partyCount: 'People involved', areaCode: 'Where',
    violenceThreat: 'Threat of violence', civilToCriminalRisk: 'Civil-to-criminal risk', submit: 'Register', filters: 'Filters', all: 'All', scope: 'Scope', scopeArea: 'Whole area', scopeOwn: 'Handled here',
    registeredOk: 'Registered', caseDetail: 'Case', timeline: 'Timeline', back: 'Back',
    accept: 'Accept', handleHere: 'Handle here', whistle: 'Blow the whistle', departments: 'Departments (code:name, comma-separated)', reason: 'Reason', reportInDueAt: 'Report-in due',
    startMediation: 'Start mediation (open file, assign me)', organisationName: 'Organisation', session: 'Record a session', notes: 'Notes', progress: 'Note progress', note: 'Progress', agreement: 'Record agreement', terms: 'Terms', failure: 'Mediation failed', failureReason: 'Reason',
    done: 'Done', failed: 'Failed', noActions: 'Your role has no actions on this case', mediation: 'Mediation file', timelineUnavailable: 'Timeline service not available yet: showing the case state',
    drillUp: 'Up one level', warningKinds: { same_party: 'Same party, several cases', same_address: 'Same address, several cases', hot_spot: 'Category hot spot', risk_rise: 'Risk rising', repeat_petition: 'Repeat petition', report_in_overdue: 'Department not reporting in', deadline_missed: 'Deadline missed' },
    roles: { intake_clerk: 'Intake clerk', mediator: 'Mediator', supervisor: 'Director', department_liaison: 'Department', court_liaison: 'Court liaison', petition_officer: 'Petition officer', responsible_leader: 'Responsible leader', command_viewer: 'Command viewer', admin: 'Admin' },
  },
};

export const LABELS = {
  category: {
    marriage_family: ['婚姻家庭', 'Marriage/family'], neighbours: ['邻里', 'Neighbours'], housing_homestead: ['房屋宅基地', 'Housing/homestead'], contract: ['合同', 'Contract'],
    business_operations: ['生产经营', 'Business'], damages: ['损害赔偿', 'Damages'], forest_land: ['山林土地', 'Forest/land'], land_expropriation: ['征地拆迁', 'Expropriation'],
    pollution: ['环境污染', 'Pollution'], labour: ['劳动争议', 'Labour'], medical: ['医疗', 'Medical'], traffic_accident: ['道路交通事故', 'Traffic accident'],
    property_management: ['物业', 'Property mgmt'], consumer: ['消费', 'Consumer'], other: ['其他', 'Other'],
  },
  source: {
    party_application: ['当事人申请', 'Party application'], grid_inspection: ['网格员排查', 'Grid inspection'], hotline_12345: ['12345热线', '12345 hotline'], police_110: ['110移交', '110 hand-over'],
    court_referral: ['法院委派', 'Court referral'], petition_bureau: ['信访转交', 'Petition bureau'], government_assignment: ['政府交办', 'Gov. assignment'], mediation_committee: ['调委会主动', 'Mediation committee'], online: ['网上申请', 'Online'],
  },
  risk: { red: ['红色', 'Red'], yellow: ['黄色', 'Yellow'], green: ['绿色', 'Green'], unassessed: ['未研判', 'Unassessed'] },
  status: {
    registered: ['已登记', 'Registered'], accepted: ['已受理', 'Accepted'], declined: ['不予受理', 'Declined'], in_progress: ['办理中', 'In progress'], escalated: ['已上报', 'Escalated'],
    closed: ['已办结', 'Closed'], followed_up: ['已回访', 'Followed up'],
  },
  partyRole: { applicant: ['申请人', 'Applicant'], respondent: ['被申请人', 'Respondent'], third_party: ['第三人', 'Third party'] },
  failureReason: { no_agreement: ['分歧过大未达成协议', 'No agreement'], party_absent: ['当事人未到场', 'Party absent'], time_limit_expired: ['期限届满', 'Time limit expired'], beyond_scope: ['不属调解范围', 'Beyond scope'], other: ['其他', 'Other'] },
};

let lang = localStorage.getItem('lang') === 'en' ? 'en' : 'zh';
export const getLang = () => lang;
export function setLang(l) {
  lang = l;
  localStorage.setItem('lang', l);
  document.documentElement.lang = l === 'zh' ? 'zh-CN' : 'en';
}
/** t('open') → text in the current language; t('roles.mediator') for nested keys. */
export function t(key) {
  const walk = (d) => key.split('.').reduce((o, k) => (o == null ? o : o[k]), d);
  return walk(DICT[lang]) ?? walk(DICT.zh) ?? key;
}
/** label('category', 'labour') → 劳动争议 / Labour. */
export function label(kind, value) {
  const pair = LABELS[kind]?.[value];
  return pair ? pair[lang === 'zh' ? 0 : 1] : String(value ?? '');
}
