import './zod-csp.ts';
import { StrictMode } from 'react';
import { createRoot } from 'react-dom/client';
import { App } from './App.tsx';
import { api } from './api.ts';
import { I18nProvider, readStoredLanguage } from './i18n/i18n.tsx';
import { RouterProvider } from './lib/use-router.tsx';
import './styles.css';

const container = document.getElementById('root');
if (!container) {
  throw new Error('index.html lacks #root');
}

createRoot(container).render(
  <StrictMode>
    <I18nProvider initialLanguage={readStoredLanguage()} onLanguageChange={api.setLanguage}>
      <RouterProvider>
        <App />
      </RouterProvider>
    </I18nProvider>
  </StrictMode>,
);
