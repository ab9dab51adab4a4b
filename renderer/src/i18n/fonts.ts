/**
 * The Urdu font, shipped with the app (a machine without an Urdu font shows ہ and ے as boxes):
 * Noto Naskh Arabic from @fontsource, bundled by Vite into the app's own assets, so the CSP's
 * `font-src 'self'` allows it. Naskh rather than Nastaliq: it stays legible at UI sizes and keeps
 * line heights close to the Latin text's. Regular and bold (headings, names).
 */
import '@fontsource/noto-naskh-arabic/arabic-400.css';
import '@fontsource/noto-naskh-arabic/arabic-700.css';

/** The family name the CSS uses and the e2e test checks is loaded. */
export const URDU_FONT_FAMILY = 'Noto Naskh Arabic';
