import { api, esc, session } from './api.js';
import { getLang, t } from './i18n.js';

export async function renderSignIn(view, done) {
  let users = [];
  try {
    users = (await api('/api/demo/users')).users;
  } catch {
    users = [];
  }
  view.innerHTML = `<section class="panel signin"><h1>${t('signin')}</h1><p class="hint">${t('signinHint')}</p>
    <ul class="users">${users
      .map((u) => `<li><button type="button" data-user="${esc(u.userId)}" data-testid="signin-${esc(u.role)}-${esc(u.center)}">
        <b>${esc(u.label[getLang()])}</b><span>${esc(t('roles.' + u.role))} · ${esc(u.centerName)}</span></button></li>`)
      .join('')}</ul></section>`;
  view.querySelectorAll('button[data-user]').forEach((b) =>
    b.addEventListener('click', async () => {
      const r = await api('/api/demo/sign-in', { method: 'POST', body: { userId: b.dataset.user } });
      session.set(r.token, r.user);
      done();
    }),
  );
  return null;
}
