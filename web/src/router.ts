import { createRouter, createWebHashHistory, type RouteRecordRaw } from 'vue-router';
import { session } from './lib/session';
import { homeOf } from './lib/menu';

const routes: RouteRecordRaw[] = [
  { path: '/signin', component: () => import('./views/SignIn.vue'), meta: { public: true } },
  { path: '/workbench', component: () => import('./views/Workbench.vue') },
  { path: '/desk', component: () => import('./views/Desk.vue') },
  { path: '/queue', component: () => import('./views/Queue.vue') },
  { path: '/command', component: () => import('./views/Command.vue'), meta: { bare: true } },
  { path: '/indicators', component: () => import('./views/Indicators.vue') },
  { path: '/petitions', component: () => import('./views/Petitions.vue') },
  { path: '/petition/:petitionId', component: () => import('./views/PetitionView.vue'), props: true },
  { path: '/case/:caseId', component: () => import('./views/CaseView.vue'), props: true },
  { path: '/:rest(.*)*', redirect: () => (session.user ? homeOf(session.user.role) : '/signin') },
];

export const router = createRouter({ history: createWebHashHistory(), routes });

router.beforeEach((to) => {
  if (!to.meta.public && !session.token) return '/signin';
  return true;
});
