// 大屏: the command center of one center's area, with drill-down to its children, live counters,
// charts, alert lists and early warnings. Live events trigger a refresh of the snapshots (asked
// with ?minPosition so the views have caught up with the event), never a local re-count.
import { api, esc, session } from './api.js';
import { getLang, label, t } from './i18n.js';
import { LiveStream } from './live.js';
import { setLive } from './main.js';

const charts = [];
function chart(el) {
  const c = window.echarts.init(el, 'dark', { renderer: 'canvas' });
  charts.push(c);
  return c;
}

export async function renderCommand(view, center) {
  view.innerHTML = `<section class="command" data-testid="command-center" data-center="${esc(center)}">
    <div class="crumbs" id="crumbs"></div>
    <div class="counters" id="counters"></div>
    <div class="grid">
      <div class="panel"><h2>${t('trend')}</h2><div class="chart" id="c-trend"></div></div>
      <div class="panel"><h2>${t('byArea')}</h2><div class="chart" id="c-area"></div><table class="areas" id="areas"></table></div>
      <div class="panel"><h2>${t('byCategory')}</h2><div class="chart" id="c-cat"></div></div>
      <div class="panel"><h2>${t('bySource')}</h2><div class="chart" id="c-src"></div></div>
      <div class="panel"><h2>${t('warnings')}</h2><ul class="list" id="warnings" data-testid="warnings"></ul></div>
      <div class="panel"><h2>${t('alerts')}</h2><div id="alerts"></div></div>
      <div class="panel wide"><h2>${t('liveFeed')}</h2><ul class="list feed" id="feed" data-testid="live-feed"></ul></div>
    </div></section>`;
  const el = (id) => view.querySelector('#' + id);
  const trend = chart(el('c-trend'));
  const byArea = chart(el('c-area'));
  const byCat = chart(el('c-cat'));
  const bySrc = chart(el('c-src'));
  let children = [];
  byArea.on('click', (p) => {
    const child = children[p.dataIndex];
    if (child) location.hash = `#/command?center=${child.center}`;
  });
  const onResize = () => charts.forEach((c) => c.resize());
  window.addEventListener('resize', onResize);

  let position = 0;
  let refreshing = null;
  let again = false;
  async function refresh() {
    if (refreshing) return void (again = true);
    const min = position ? `?minPosition=${position}` : '';
    refreshing = (async () => {
      const [stats, act, warn, alerts] = await Promise.all([
        api(`/api/centers/${center}/stats${min}`),
        api(`/api/centers/${center}/activity${min}`),
        api(`/api/centers/${center}/warnings${min}`),
        api(`/api/centers/${center}/alerts${min}`),
      ]);
      render(stats, act, warn, alerts);
      return stats.position;
    })();
    try {
      return await refreshing;
    } finally {
      refreshing = null;
      if (again) (again = false), refresh();
    }
  }

  function counter(key, value, cls = '') {
    return `<div class="counter ${cls}"><div class="v" data-testid="counter-${key}">${value}</div><div class="k">${t(key === 'red' || key === 'yellow' || key === 'green' ? 'risk' : key)}${key === 'red' || key === 'yellow' || key === 'green' ? ' · ' + label('risk', key) : ''}</div></div>`;
  }

  function render(stats, act, warn, alerts) {
    const closed = stats.byStatus.closed + stats.byStatus.followed_up;
    el('crumbs').innerHTML = crumbs(stats);
    el('counters').innerHTML = [
      counter('newToday', act.today.registered),
      counter('open', stats.open),
      counter('overdue', stats.overdue, stats.overdue ? 'bad' : ''),
      counter('closed', closed),
      counter('resolvedToday', act.today.resolved),
      counter('agreementsToday', act.today.agreements),
      counter('red', stats.byRisk.red, 'red'),
      counter('yellow', stats.byRisk.yellow, 'yellow'),
      counter('green', stats.byRisk.green, 'green'),
    ].join('');
    trend.setOption({
      backgroundColor: 'transparent', tooltip: { trigger: 'axis' }, legend: { data: [t('registered'), t('resolved'), t('agreements')] },
      xAxis: { type: 'category', data: act.days.map((d) => d.slice(5)) }, yAxis: { type: 'value', minInterval: 1 },
      series: [
        { name: t('registered'), type: 'line', smooth: true, data: act.registered },
        { name: t('resolved'), type: 'line', smooth: true, data: act.resolved },
        { name: t('agreements'), type: 'line', smooth: true, data: act.agreements },
      ],
    }, true);
    children = stats.children;
    byArea.setOption({
      backgroundColor: 'transparent', tooltip: {}, grid: { left: 110, right: 20, top: 10, bottom: 20 },
      yAxis: { type: 'category', data: children.map((c) => c.name), inverse: true }, xAxis: { type: 'value', minInterval: 1 },
      series: [{ type: 'bar', name: t('open'), data: children.map((c) => c.open) }],
    }, true);
    el('areas').innerHTML = children.length
      ? `<tr><th>${t('area')}</th><th>${t('open')}</th><th>${t('overdue')}</th><th>${t('total')}</th></tr>` +
        children.map((c) => `<tr><td><a href="#/command?center=${esc(c.center)}" data-testid="drill-${esc(c.center)}">${esc(c.name)}</a></td><td>${c.open}</td><td>${c.overdue}</td><td>${c.total}</td></tr>`).join('')
      : '';
    const cats = Object.entries(stats.byCategory).filter(([, n]) => n > 0).sort((a, b) => b[1] - a[1]);
    byCat.setOption({
      backgroundColor: 'transparent', tooltip: {}, grid: { left: 100, right: 20, top: 10, bottom: 20 },
      yAxis: { type: 'category', data: cats.map(([k]) => label('category', k)), inverse: true }, xAxis: { type: 'value', minInterval: 1 },
      series: [{ type: 'bar', data: cats.map(([, n]) => n) }],
    }, true);
    bySrc.setOption({
      backgroundColor: 'transparent', tooltip: { trigger: 'item' },
      series: [{ type: 'pie', radius: ['35%', '65%'], data: Object.entries(stats.bySource).filter(([, n]) => n > 0).map(([k, n]) => ({ name: label('source', k), value: n })) }],
    }, true);
    el('warnings').innerHTML = warn.items.length
      ? warn.items.map((w) => `<li class="${w.severity}" data-kind="${esc(w.kind)}"><b>${esc(t('warningKinds.' + w.kind))}</b> ${esc(describe(w))} ${w.caseCodes.map((c) => `<code>${esc(c)}</code>`).join(' ')}</li>`).join('')
      : `<li class="muted">${t('none')}</li>`;
    el('alerts').innerHTML = [
      alertList('dueSoon', alerts.dueSoon, (c) => caseLink(c) + ` <span>${esc(fmt(c.dueAt))}</span>`),
      alertList('lapsed', alerts.lapsed, (c) => caseLink(c) + ` <span class="bad">${esc(fmt(c.dueAt))}</span>`),
      alertList('awaitingReportIn', alerts.awaitingReportIn, (r) => `<code>${esc(r.caseCode)}</code> ${esc(r.departmentName)} <span class="${r.lapsed ? 'bad' : ''}">${esc(fmt(r.dueAt))}</span>`),
      alertList('backlog', alerts.backlogUnderSupervision, (b) => `<code>${esc(b.caseCode)}</code> ${esc(fmt(b.dueAt))}`),
    ].join('');
  }

  function crumbs(stats) {
    const u = session.user;
    const up = stats.tier !== 'city' && stats.center !== u.center ? `<a href="#/command?center=${esc(parentOf(stats.center, u.center))}" data-testid="drill-up">↑ ${t('drillUp')}</a>` : '';
    return `<h1 data-testid="center-name">${esc(stats.name)}</h1>${up}`;
  }

  const feed = el('feed');
  const live = new LiveStream((ev) => {
    if (ev.type === '__reset') return void refresh();
    const li = document.createElement('li');
    li.dataset.caseCode = ev.caseCode;
    li.innerHTML = `<code>${esc(ev.caseCode)}</code> ${esc(ev.label?.[getLang()] ?? ev.type)} <span class="muted">${esc(fmt(ev.occurredAt))}</span>`;
    feed.prepend(li);
    while (feed.children.length > 30) feed.lastChild.remove();
    position = Math.max(position, ev.position);
    refresh();
  }, setLive);

  const start = await refresh();
  live.start(start);
  return () => {
    live.stop();
    window.removeEventListener('resize', onResize);
    charts.splice(0).forEach((c) => c.dispose());
  };
}

/** One level up towards (never above) the viewer's own center: county of a township, city of a county. */
function parentOf(code, own) {
  if (code.length === 9) return code.slice(0, 6);
  return own.length === 6 && own !== code ? own : code.slice(0, 4) + '00';
}
const fmt = (iso) => (iso ? new Date(iso).toLocaleString('zh-CN', { hour12: false, month: '2-digit', day: '2-digit', hour: '2-digit', minute: '2-digit' }) : '—');
const caseLink = (c) => `<a href="#/case/${esc(c.caseId)}"><code>${esc(c.caseCode)}</code></a> ${esc(label('category', c.category))}`;
function alertList(key, items, row) {
  return `<h3>${t(key)} <span class="n" data-testid="alert-${key}">${items.length}</span></h3><ul class="list">${items.length ? items.map((i) => `<li>${row(i)}</li>`).join('') : `<li class="muted">${t('none')}</li>`}</ul>`;
}
function describe(w) {
  const d = w.detail;
  if (w.kind === 'hot_spot') return `${w.areaCode} ${label('category', d.category)} ×${d.cases} / ${d.windowDays}d`;
  if (w.kind === 'same_party' || w.kind === 'same_address') return `#${d.partyLabel} ×${d.cases} / ${d.windowDays}d`;
  if (w.kind === 'risk_rise') return `${label('risk', d.from)} → ${label('risk', d.to)}`;
  if (w.kind === 'report_in_overdue') return `${d.departmentName} ${fmt(d.dueAt)}`;
  return '';
}
