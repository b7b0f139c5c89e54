import 'antd/dist/reset.css';
import './styles.css';
import '@/lib/i18n';

import { StrictMode } from 'react';
import { createRoot } from 'react-dom/client';
import { BrowserRouter } from 'react-router-dom';

import { AppRoutes } from '@/app/app-routes';
import { AppProvider } from '@/app/provider';
import { createQueryClient } from '@/lib/query-client';

const root = document.getElementById('root');
if (root === null) {
  throw new Error('index.html has no #root element');
}

createRoot(root).render(
  <StrictMode>
    <BrowserRouter>
      <AppProvider queryClient={createQueryClient()}>
        <AppRoutes />
      </AppProvider>
    </BrowserRouter>
  </StrictMode>,
);
