export default {
  app: { title: '综治中心矛盾纠纷多元化解平台', short: '综治中心', signOut: '退出', lang: 'English' },
  role: {
    intake_clerk: '受理窗口', mediator: '调解员', supervisor: '中心主任', department_liaison: '职能部门联络员', court_liaison: '法院联络员',
    petition_officer: '信访干部', responsible_leader: '包保领导', command_viewer: '市综治中心指挥席', admin: '系统管理员',
  },
  menu: { workbench: '我的待办', desk: '受理登记', queue: '案件队列', command: '指挥大屏' },
  common: {
    unknown: '未知', outsideArea: '辖区外', areaIn: '{county}辖区', loading: '加载中…', empty: '暂无数据', submit: '提交', cancel: '取消', back: '返回',
    search: '搜索', all: '全部', open: '打开', yes: '是', no: '否', refresh: '刷新', demo: '演示', none: '无', saved: '已保存',
  },
  time: { left: '剩余{span}', overdue: '已超期{span}', daysHours: '{d}天{h}小时', hours: '{h}小时{m}分' },
  signin: {
    title: '登录', userId: '账号', password: '密码', submit: '登录', demoTitle: '演示账号（仅演示模式）', demoHint: '选择一个演示角色登录，数据均为演示数据。',
    required: '请输入账号和密码', invalid: '账号或密码错误', locked: '账号已锁定，请稍后再试或联系管理员', tooMany: '尝试次数过多，请稍后再试', failed: '登录失败，请稍后再试',
  },
  errors: { invalid: '此项填写不正确', required: '此项必填', forbidden: '您的角色无权执行此操作', conflict: '案件状态已变化，请刷新后重试', stale: '案件已被他人更新，已刷新，请重新操作', notFound: '案件不存在或不在辖区内', generic: '操作失败，请稍后再试', network: '网络异常' },
  case: {
    code: '案件编码', title: '标题', status: '状态', category: '类别', source: '来源', risk: '风险等级', supervision: '督办等级', area: '发生地', registeringCenter: '登记中心',
    handlingCenter: '承办中心', registeredAt: '登记时间', dueAt: '办理期限', description: '案情', parties: '当事人', timeline: '全流程时间线', clocks: '期限', actions: '可办理事项',
    noActions: '当前没有您可办理的事项', linked: '关联办理', mediation: '调解', referral: '诉前调解', petition: '信访', whistles: '吹哨报到', pending: '待报到', reported: '已报到',
    partyRole: '身份', name: '姓名', idNumber: '身份证号', phone: '电话', address: '地址', erased: '已删除个人信息', who: '办理人', when: '时间', what: '事项',
    done: '已办理：{action}', sessions: '调解会议', mediator: '调解员', plannedEnd: '调解期限', agreement: '调解协议', performance: '履行', none: '无',
  },
  partyRole: { applicant: '申请人', respondent: '被申请人', third_party: '第三人' },
  supervision: { ordinary: '一般', yellow_card: '黄牌', red_card: '红牌' },
  action: {
    accept: '受理', decline: '不予受理', 'assess-risk': '风险研判', route: '本级办理', 'assign-down': '交办', escalate: '上报', whistle: '吹哨', mediate: '引导调解',
    'report-in': '报到', close: '办结', 'follow-up': '回访', reopen: '重新启动',
    'assign-mediator': '指派调解员', 'record-session': '记录调解会议', 'note-progress': '记录进展', extend: '延长调解期限', 'record-refusal': '当事人拒绝调解',
    'reach-agreement': '达成调解协议', 'record-failure': '调解不成', 'record-performance': '记录履行情况', 'close-mediation': '调解结卷',
  },
  field: {
    note: '备注', reason: '理由', redirectChannel: '告知途径', dueAt: '办理期限', toCenter: '交办给', supervisionLevel: '督办等级', instructions: '交办要求', departments: '被吹哨部门',
    reportInDueAt: '报到期限', organisationKind: '调解组织类型', organisationName: '调解组织名称', plannedEndAt: '调解期限', department: '报到部门', outcome: '办结结果', summary: '办理情况',
    satisfaction: '满意度', method: '回访方式', partyCount: '申请方人数', violenceThreat: '暴力威胁', civilToCriminalRisk: '民转刑风险', repeatedPoliceCalls: '多次报警',
    sensitiveMatter: '涉敏感事项', mediatorId: '调解员账号', heldAt: '会议时间', notes: '会议记录', terms: '协议内容', signedAt: '签订时间', performanceDeadline: '履行期限',
    status: '履行情况', checkedAt: '核查时间', newEndAt: '新期限', person: '当事人', statedAt: '表示时间', failureReason: '调解不成原因',
  },
  choice: {
    redirectChannel: { court_litigation: '向人民法院起诉', labour_arbitration: '劳动人事争议仲裁', administrative_review: '行政复议', petition: '信访渠道', police: '公安机关', consumer_association: '消费者协会', other: '其他途径' },
    outcome: { resolved: '化解', partially_resolved: '部分化解', unresolved: '未化解', withdrawn: '撤回' },
    satisfaction: { satisfied: '满意', basically_satisfied: '基本满意', dissatisfied: '不满意' },
    method: { phone: '电话', visit: '上门', online: '网上' },
    performance: { full: '已全部履行', partial: '部分履行', none: '未履行' },
    failureReason: { no_agreement: '分歧过大，未达成协议', party_absent: '当事人无正当理由未到场', time_limit_expired: '调解期限届满', beyond_scope: '不属于调解范围', other: '其他' },
  },
  desk: {
    title: '矛盾纠纷受理登记', area: '发生地（乡镇/网格）', title_: '标题', titleHint: '简要概括，不写人名和号码', description: '案情描述', category: '纠纷类别', source: '来源渠道',
    parties: '当事人', addParty: '添加当事人', removeParty: '删除', partyRole: '身份', name: '姓名', idNumber: '身份证号', phone: '联系电话', address: '住址',
    indicators: '风险情况', submit: '登记', registered: '已登记，案件编码 {code}', openCase: '查看案件', reset: '继续登记',
    priorCases: '同一当事人的既往案件', noPrior: '未发现同一当事人的既往案件',
    e: { title: '标题至少2个字', description: '请填写案情', area: '请选择发生地', category: '请选择纠纷类别', source: '请选择来源渠道', name: '请填写当事人姓名', idNumber: '身份证号应为18位', phone: '手机号应为11位数字' },
  },
  queue: {
    title: '本中心案件队列', status: '案件状态', category: '纠纷类别', risk: '风险等级', overdue: '是否超期', onlyOverdue: '仅超期', allStatus: '全部状态（含已办结）', allCategory: '全部类别',
    allRisk: '全部风险等级', open: '在办案件（未办结）', count: '共 {n} 件', more: '加载更多',
  },
  wb: {
    title: '我的待办', due: '期限', countdown: '倒计时', kind: '待办事项', filter: '筛选标题或编码',
    k: { accept: '待受理', route: '待分流', followUp: '待回访', overdue: '已超期', reportIn: '待报到', escalated: '上报待处理', mediate: '调解中', dueSoon: '即将到期', lapsed: '期限已过', whistle: '吹哨待报到' },
  },
  cc: {
    title: '鸡西市综治中心 统筹指挥', open: '在办', overdue: '超期', red: '红色风险', newToday: '今日新增', resolvedToday: '今日化解', agreementsToday: '今日调解协议',
    trend: '近14日趋势', registered: '新增', resolved: '化解', byCategory: '类别分布', map: '辖区态势', warnings: '预警', live: '实时动态', byArea: '下级中心',
    up: '返回上级', liveOn: '实时连接', liveOff: '连接中断', noWarnings: '暂无预警', colourBy: '着色',
    w: { same_party: '同一当事人多案', same_address: '同一地址多案', hot_spot: '类别热点', risk_escalation: '风险升级', repeat_petition: '重复信访', department_not_reported: '部门未报到' },
  },
};
