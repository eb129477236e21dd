// Case screen: state, the full timeline (every flow's events) and only the actions the viewer's
// role may take; each action is confirmed in place and the screen re-reads the case.
import { api, ApiError, esc, session } from './api.js';
import { label, LABELS, t } from './i18n.js';

const CLERK = ['intake_clerk', 'supervisor', 'admin'];
const MEDIATOR = ['mediator', 'supervisor', 'admin'];
const iso = (d) => new Date(d).toISOString();

export async function renderCase(view, caseId) {
  const u = session.user;
  let c;
  try {
    c = await api(`/api/disputes/${encodeURIComponent(caseId)}`);
  } catch (err) {
    view.innerHTML = `<section class="panel"><p class="bad" data-testid="case-error">${esc(err.message)}</p><a href="javascript:history.back()">${t('back')}</a></section>`;
    return null;
  }
  const mediationRef = await findMediation(c);
  const med = mediationRef ? await api(`/api/mediations/${mediationRef}`).catch(() => null) : null;
  const timeline = await api(`/api/cases/${encodeURIComponent(c.caseCode)}/timeline`).catch(() => null);

  const actions = [];
  if (CLERK.includes(u.role)) {
    if (c.status === 'registered') actions.push(button('accept', t('accept')));
    if (c.status === 'accepted') actions.push(button('handle-here', t('handleHere')));
    if (c.status === 'accepted' || c.status === 'in_progress')
      actions.push(`<form class="action" data-action="whistle"><input name="departments" placeholder="${esc(t('departments'))}" value="hrss:人社局"><input name="reason" placeholder="${esc(t('reason'))}"><button data-testid="action-whistle">${t('whistle')}</button></form>`);
  }
  if (MEDIATOR.includes(u.role)) {
    const open = ['registered', 'accepted', 'in_progress', 'escalated'].includes(c.status);
    if (!med && open) actions.push(`<form class="action" data-action="start-mediation"><input name="organisationName" value="人民调解委员会" placeholder="${esc(t('organisationName'))}"><button data-testid="action-start-mediation">${t('startMediation')}</button></form>`);
    if (med && (med.status === 'opened' || med.status === 'in_mediation')) {
      actions.push(`<form class="action" data-action="session"><input name="notes" placeholder="${esc(t('notes'))}"><button data-testid="action-session">${t('session')}</button></form>`);
      actions.push(`<form class="action" data-action="progress"><input name="note" placeholder="${esc(t('note'))}"><button data-testid="action-progress">${t('progress')}</button></form>`);
      actions.push(`<form class="action" data-action="agreement"><input name="terms" placeholder="${esc(t('terms'))}"><button data-testid="action-agreement">${t('agreement')}</button></form>`);
      actions.push(`<form class="action" data-action="failure"><select name="reason">${Object.keys(LABELS.failureReason).map((k) => `<option value="${k}">${esc(label('failureReason', k))}</option>`).join('')}</select><button data-testid="action-failure">${t('failure')}</button></form>`);
    }
  }

  const events = timeline?.items ?? timeline?.events ?? null;
  view.innerHTML = `<section class="case" data-testid="case" data-case-code="${esc(c.caseCode)}">
    <div class="panel"><a href="javascript:history.back()">← ${t('back')}</a>
      <h1><code>${esc(c.caseCode)}</code> ${esc(c.title)}</h1>
      <dl class="facts">
        <dt>${t('status')}</dt><dd data-testid="case-status">${esc(label('status', c.status))}</dd>
        <dt>${t('category')}</dt><dd>${esc(label('category', c.category))}</dd>
        <dt>${t('source')}</dt><dd>${esc(label('source', c.source))}</dd>
        <dt>${t('risk')}</dt><dd><span class="risk ${esc(c.risk ?? 'unassessed')}">${esc(label('risk', c.risk ?? 'unassessed'))}</span></dd>
        <dt>${t('area')}</dt><dd>${esc(c.areaCode)} → ${esc(c.handlingCenter)}</dd>
        <dt>${t('due')}</dt><dd>${esc(c.dueAt ?? '—')}</dd>
        <dt>${t('party')}</dt><dd>${c.parties.map((p) => `${esc(label('partyRole', p.role))} ${esc(p.name)}${p.phone ? ' ' + esc(p.phone) : ''}`).join('；')}</dd>
        <dt>${t('description')}</dt><dd>${esc(c.description ?? '')}</dd>
        ${med ? `<dt>${t('mediation')}</dt><dd data-testid="mediation-status">${esc(med.statusLabel?.zh ?? med.status)} · ${esc(med.organisationName ?? '')}</dd>` : ''}
      </dl></div>
    <div class="panel"><h2>${t('actions')}</h2><div class="actions" data-testid="actions">${actions.join('') || `<p class="muted" data-testid="no-actions">${t('noActions')}</p>`}</div>
      <p id="action-result" data-testid="action-result"></p></div>
    <div class="panel"><h2>${t('timeline')}</h2>${events ? '' : `<p class="muted">${t('timelineUnavailable')}</p>`}
      <ol class="timeline" data-testid="timeline">${(events ?? fallbackTimeline(c, med)).map((e) => `<li><time>${esc(fmt(e.occurredAt ?? e.at))}</time> <b>${esc(e.type)}</b> ${esc(e.summary?.zh ?? e.summary ?? '')}</li>`).join('')}</ol></div>
  </section>`;

  const result = view.querySelector('#action-result');
  const run = async (name, fn) => {
    result.className = '';
    result.textContent = '…';
    try {
      await fn();
      result.className = 'ok';
      result.textContent = `${t('done')} ✓`;
      // Re-read the case; the confirmation stays in place above the refreshed actions.
      const again = await renderCase(view, caseId);
      view.querySelector('#action-result').className = 'ok';
      view.querySelector('#action-result').textContent = `${name}: ${t('done')} ✓`;
      return again;
    } catch (err) {
      result.className = 'bad';
      result.textContent = `${t('failed')}: ${err instanceof ApiError ? err.message : String(err)}`;
    }
  };
  const post = (path, body, headers = {}) => api(path, { method: 'POST', body, headers });
  const disp = (cmd, body) => post(`/api/disputes/${c.caseId}/${cmd}`, body, { 'if-match': `"${c.revision}"` });

  view.querySelectorAll('button[data-action]').forEach((b) =>
    b.addEventListener('click', () => {
      if (b.dataset.action === 'accept') run(t('accept'), () => disp('accept', {}));
      if (b.dataset.action === 'handle-here') run(t('handleHere'), () => disp('route', { mode: 'handle_here' }));
    }),
  );
  view.querySelectorAll('form[data-action]').forEach((f) =>
    f.addEventListener('submit', (e) => {
      e.preventDefault();
      const v = (k) => String(new FormData(f).get(k) ?? '').trim();
      const a = f.dataset.action;
      const now = new Date();
      if (a === 'whistle') {
        const departments = v('departments').split(/[,，]/).map((s) => s.trim()).filter(Boolean).map((s) => { const [code, name] = s.split(/[:：]/); return { code: code.trim(), name: (name ?? code).trim() }; });
        run(t('whistle'), () => disp('whistle', { departments, reportInDueAt: iso(now.getTime() + 3 * 86400_000), reason: v('reason') || t('whistle') }));
      }
      if (a === 'start-mediation')
        run(t('startMediation'), async () => {
          const opened = await post('/api/mediations', { caseId: c.caseId, organisationKind: 'peoples_mediation_committee', organisationName: v('organisationName') }, { 'idempotency-key': `open-${c.caseId}` });
          await post(`/api/mediations/${opened.mediationId}/assign-mediator`, { mediatorId: u.userId });
        });
      if (a === 'session') run(t('session'), () => post(`/api/mediations/${med.mediationId}/record-session`, { heldAt: iso(now.getTime() - 1000), attendees: [{ kind: 'role', role: 'mediator' }], notes: v('notes') || t('session') }));
      if (a === 'progress') run(t('progress'), () => post(`/api/mediations/${med.mediationId}/note-progress`, { note: v('note') || t('progress') }));
      if (a === 'agreement')
        run(t('agreement'), async () => {
          if (!med.sessions?.length) await post(`/api/mediations/${med.mediationId}/record-session`, { heldAt: iso(now.getTime() - 1000), attendees: [{ kind: 'role', role: 'mediator' }], notes: t('session') });
          await post(`/api/mediations/${med.mediationId}/reach-agreement`, { terms: v('terms') || t('agreement'), signedAt: iso(now.getTime() - 500), performanceDeadline: iso(now.getTime() + 30 * 86400_000) });
        });
      if (a === 'failure') run(t('failure'), () => post(`/api/mediations/${med.mediationId}/record-failure`, { reason: v('reason') }));
    }),
  );
  return null;
}

function button(action, text) {
  return `<button type="button" data-action="${action}" data-testid="action-${action}">${esc(text)}</button>`;
}

/** The case's mediation file: from the dispute's cross-flow links, else the workbench index. */
async function findMediation(c) {
  const linked = (c.mediations ?? []).at(-1)?.mediationId;
  if (linked) return linked;
  const r = await api(`/api/workbench/disputes/${c.caseId}/mediations`).catch(() => ({ items: [] }));
  return r.items[0]?.mediationId ?? null;
}

function fallbackTimeline(c, med) {
  const out = [{ at: c.registeredAt, type: 'DisputeRegistered', summary: label('status', 'registered') }];
  for (const w of c.whistles ?? []) out.push({ at: w.reportInDueAt, type: 'WhistleBlown', summary: `${(w.departments ?? []).join(', ')}` });
  if (med) {
    out.push({ at: med.openedAt, type: 'MediationOpened', summary: med.organisationName });
    for (const s of med.sessions ?? []) out.push({ at: s.heldAt, type: 'MediationSessionRecorded', summary: `#${s.sessionNo}` });
    if (med.agreement) out.push({ at: med.agreement.signedAt, type: 'MediationAgreementReached', summary: '' });
  }
  return out;
}
const fmt = (v) => (v ? new Date(v).toLocaleString('zh-CN', { hour12: false }) : '');
