import { esc, session } from './api.js';
import { getLang, setLang, t } from './i18n.js';
import { renderSignIn } from './signin.js';
import { renderCommand } from './command.js';
import { renderDesk } from './desk.js';
import { renderCase } from './case.js';

const view = document.getElementById('view');
let cleanup = null;

const COMMAND_ROLES = ['command_viewer', 'supervisor', 'admin', 'responsible_leader', 'petition_officer'];
const home = (u) => (COMMAND_ROLES.includes(u.role) ? '#/command' : '#/desk');

function chrome() {
  const u = session.user;
  document.getElementById('brand').textContent = t('brand');
  document.getElementById('lang').textContent = getLang() === 'zh' ? 'English' : '中文';
  const out = document.getElementById('signout');
  out.hidden = !u;
  out.textContent = t('signout');
  document.getElementById('whoami').textContent = u ? `${t('roles.' + u.role)} · ${u.centerName ?? u.center}` : '';
  document.getElementById('nav').innerHTML = u
    ? `<a href="#/command" data-testid="nav-command">${t('command')}</a><a href="#/desk" data-testid="nav-desk">${t('desk')}</a>`
    : '';
}

export function setLive(on) {
  const el = document.getElementById('live-status');
  el.className = `live ${on ? 'on' : 'off'}`;
  el.title = on ? t('live') : t('offline');
  el.dataset.state = on ? 'on' : 'off';
}

async function route() {
  cleanup?.();
  cleanup = null;
  chrome();
  const hash = location.hash || '#/';
  const u = session.user;
  if (!u || hash.startsWith('#/signin')) {
    cleanup = await renderSignIn(view, () => (location.hash = home(session.user)));
    return;
  }
  const [path, query] = hash.slice(1).split('?');
  const params = new URLSearchParams(query ?? '');
  try {
    if (path === '/' || path === '') location.hash = home(u);
    else if (path.startsWith('/case/')) cleanup = await renderCase(view, decodeURIComponent(path.slice(6)));
    else if (path === '/desk') cleanup = await renderDesk(view, params);
    else cleanup = await renderCommand(view, params.get('center') ?? u.center);
  } catch (err) {
    if (err.status === 401) {
      session.clear();
      location.hash = '#/signin';
      return;
    }
    view.innerHTML = `<section class="panel"><p class="bad" data-testid="page-error">${esc(err.message)}</p></section>`;
  }
}

document.getElementById('lang').addEventListener('click', () => {
  setLang(getLang() === 'zh' ? 'en' : 'zh');
  route();
});
document.getElementById('signout').addEventListener('click', () => {
  session.clear();
  location.hash = '#/signin';
});
window.addEventListener('hashchange', route);
setLang(getLang());
route();
