import { Route, Routes } from 'react-router-dom';

import { useAccess } from '@/lib/access';

import { NotFound } from './not-found';
import { appRoutes } from './routes';
import { AppLayout } from './shell/app-layout';

/** The route table inside the shell; a page the user may not see is "not found". */
export function AppRoutes() {
  const access = useAccess();
  return (
    <Routes>
      <Route element={<AppLayout />}>
        {appRoutes.map((r) => (
          <Route key={r.path} path={r.path} element={access[r.access] ? r.element : <NotFound />} />
        ))}
        <Route path="*" element={<NotFound />} />
      </Route>
    </Routes>
  );
}
