import { createI18n } from 'vue-i18n';
import en from './en';
import zh from './zh-CN';

const saved = localStorage.getItem('lang');
/** zh-CN first; English is the second language. Untranslated keys are errors (the browser tests watch the console). */
export const i18n = createI18n({
  legacy: false,
  locale: saved === 'en' ? 'en' : 'zh-CN',
  fallbackLocale: 'zh-CN',
  messages: { 'zh-CN': zh, en },
  missingWarn: true,
  fallbackWarn: false,
  missing: (locale, key) => {
    console.error(`missing translation: ${locale} ${key}`);
    return key;
  },
});

export function toggleLanguage(): void {
  const next = i18n.global.locale.value === 'en' ? 'zh-CN' : 'en';
  i18n.global.locale.value = next;
  localStorage.setItem('lang', next);
  document.documentElement.lang = next;
}
