import 'i18next';
import type { en } from './en';

/** Keys and interpolation of `t` are checked against the English catalog. */
declare module 'i18next' {
  interface CustomTypeOptions {
    defaultNS: 'translation';
    resources: { translation: typeof en };
    returnNull: false;
  }
}
