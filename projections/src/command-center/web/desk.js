// 受理窗口 / mediator desk: register a dispute (field errors are the API's 400 details, mapped to
// the fields) and the center's queue with filters. Rows link to the case screen.
import { api, ApiError, esc, session } from './api.js';
import { label, LABELS, t } from './i18n.js';
import { LiveStream } from './live.js';
import { setLive } from './main.js';

const opts = (kind, withAll) => (withAll ? `<option value="">${t('all')}</option>` : '') + Object.keys(LABELS[kind]).map((k) => `<option value="${k}">${esc(label(kind, k))}</option>`).join('');

/** API field path → form field name. */
export function fieldOf(path) {
  const p = path.replace(/^body\./, '');
  const m = /^parties\.0\.details\.(\w+)/.exec(p);
  if (m) return `party.${m[1]}`;
  if (p.startsWith('parties')) return 'party.name';
  if (p.startsWith('indicators.partyCount')) return 'partyCount';
  return p.split('.')[0];
}

export async function renderDesk(view, params) {
  const u = session.user;
  const regions = (await api('/api/workbench/regions')).items;
  const areas = regions.filter((r) => r.tier === 'township' || r.tier === 'grid');
  const field = (name, inner, cls = '') => `<label class="field ${cls}" data-field="${name}"><span>${inner.label}</span>${inner.control}<em class="error" data-testid="error-${name}"></em></label>`;
  view.innerHTML = `<section class="desk" data-testid="desk">
    <div class="panel"><h2>${t('register')}</h2>
      <form id="register" novalidate>
        ${field('areaCode', { label: t('areaCode'), control: `<select name="areaCode">${areas.map((a) => `<option value="${a.code}">${esc(a.name)}</option>`).join('')}</select>` })}
        ${field('category', { label: t('category'), control: `<select name="category">${opts('category')}</select>` })}
        ${field('source', { label: t('source'), control: `<select name="source">${opts('source')}</select>` })}
        ${field('title', { label: t('title'), control: `<input name="title" maxlength="120">` }, 'wide')}
        ${field('description', { label: t('description'), control: `<textarea name="description" rows="3"></textarea>` }, 'wide')}
        ${field('party.role', { label: t('partyRole'), control: `<select name="party.role">${opts('partyRole')}</select>` })}
        ${field('party.name', { label: t('name'), control: `<input name="party.name" autocomplete="off">` })}
        ${field('party.idNumber', { label: t('idNumber'), control: `<input name="party.idNumber" autocomplete="off">` })}
        ${field('party.phone', { label: t('phone'), control: `<input name="party.phone" autocomplete="off">` })}
        ${field('partyCount', { label: t('partyCount'), control: `<input name="partyCount" type="number" min="1">` })}
        <label class="check"><input type="checkbox" name="violenceThreat"> ${t('violenceThreat')}</label>
        <label class="check"><input type="checkbox" name="civilToCriminalRisk"> ${t('civilToCriminalRisk')}</label>
        <div class="row"><button type="submit" data-testid="register-submit">${t('submit')}</button><span id="register-result" data-testid="register-result"></span></div>
      </form></div>
    <div class="panel"><h2>${t('queue')} · ${esc(u.centerName ?? u.center)}</h2>
      <form id="filters" class="filters">
        <select name="status" data-testid="filter-status"><option value="">${t('all')}</option>${Object.keys(LABELS.status).map((k) => `<option value="${k}">${esc(label('status', k))}</option>`).join('')}</select>
        <select name="category" data-testid="filter-category">${opts('category', true)}</select>
        <select name="risk" data-testid="filter-risk">${opts('risk', true)}</select>
        <select name="overdue" data-testid="filter-overdue"><option value="">${t('all')}</option><option value="true">${t('overdue')}</option></select>
        <select name="scope" data-testid="filter-scope"><option value="area">${t('scopeArea')}</option><option value="own">${t('scopeOwn')}</option></select>
      </form>
      <table class="queue" data-testid="queue"><thead><tr><th>${t('caseCode')}</th><th>${t('title')}</th><th>${t('category')}</th><th>${t('risk')}</th><th>${t('status')}</th><th>${t('due')}</th></tr></thead><tbody id="rows"></tbody></table>
    </div></section>`;

  const form = view.querySelector('#register');
  const filters = view.querySelector('#filters');
  const rows = view.querySelector('#rows');
  let position = 0;

  async function loadQueue() {
    const f = new FormData(filters);
    const q = new URLSearchParams();
    for (const [k, v] of f) if (v) q.set(k, String(v));
    if (position) q.set('minPosition', String(position));
    const page = await api(`/api/centers/${u.center}/cases?${q}`);
    rows.innerHTML = page.items.length
      ? page.items.map((c) => `<tr data-case-code="${esc(c.caseCode)}"><td><a href="#/case/${esc(c.caseId)}">${esc(c.caseCode)}</a></td><td>${esc(c.title)}</td><td>${esc(label('category', c.category))}</td><td><span class="risk ${esc(c.risk)}">${esc(label('risk', c.risk))}</span></td><td>${esc(label('status', c.status))}</td><td class="${c.overdue ? 'bad' : ''}">${esc(c.dueAt ? new Date(c.dueAt).toLocaleDateString('zh-CN') : '—')}</td></tr>`).join('')
      : `<tr><td colspan="6" class="muted">${t('none')}</td></tr>`;
    return page.position;
  }
  filters.addEventListener('change', () => loadQueue());

  form.addEventListener('submit', async (e) => {
    e.preventDefault();
    form.querySelectorAll('.error').forEach((x) => (x.textContent = ''));
    form.querySelectorAll('.field').forEach((x) => x.classList.remove('invalid'));
    const f = new FormData(form);
    const v = (k) => String(f.get(k) ?? '').trim();
    const details = { name: v('party.name') };
    if (v('party.idNumber')) details.idNumber = v('party.idNumber');
    if (v('party.phone')) details.phone = v('party.phone');
    const body = {
      areaCode: v('areaCode'), category: v('category'), source: v('source'), title: v('title'), description: v('description'),
      parties: [{ role: v('party.role'), details }],
      indicators: { ...(v('partyCount') ? { partyCount: Number(v('partyCount')) } : {}), violenceThreat: f.get('violenceThreat') === 'on', civilToCriminalRisk: f.get('civilToCriminalRisk') === 'on' },
    };
    const result = view.querySelector('#register-result');
    try {
      const r = await api('/api/disputes', { method: 'POST', body, headers: { 'idempotency-key': crypto.randomUUID() } });
      result.className = 'ok';
      result.innerHTML = `${t('registeredOk')}: <a href="#/case/${esc(r.caseId)}" data-testid="registered-code">${esc(r.caseCode)}</a>`;
      form.reset();
      position = r.position;
      await loadQueue();
    } catch (err) {
      result.className = 'bad';
      result.textContent = err.message;
      if (err instanceof ApiError && err.body?.details) {
        for (const d of err.body.details) {
          const name = fieldOf(d.path);
          const slot = form.querySelector(`[data-field="${CSS.escape(name)}"]`);
          if (!slot) continue;
          slot.classList.add('invalid');
          const em = slot.querySelector('.error');
          em.textContent = em.textContent ? `${em.textContent}; ${d.message}` : d.message;
        }
      }
    }
  });

  const start = await loadQueue();
  const live = new LiveStream((ev) => {
    if (ev.position) position = Math.max(position, ev.position);
    loadQueue();
  }, setLive);
  live.start(start);
  return () => live.stop();
}
