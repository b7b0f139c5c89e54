import { Suspense } from 'react';
import { Flex, Spin } from 'antd';
import { Route, Routes } from 'react-router-dom';

import { useAccess } from '@/lib/access';

import { NotFound } from './not-found';
import { RequireAuth } from './require-auth';
import { appRoutes, publicRoutes } from './routes';
import { AppLayout } from './shell/app-layout';
import { PublicLayout } from './shell/public-layout';

/**
 * The route table: the sign-in pages on their own, everything else inside the
 * shell for signed-in users; a page the user may not see is "not found".
 */
export function AppRoutes() {
  const access = useAccess();
  return (
    <Routes>
      <Route
        element={
          <Suspense
            fallback={
              <Flex justify="center" style={{ padding: 48 }}>
                <Spin />
              </Flex>
            }
          >
            <PublicLayout />
          </Suspense>
        }
      >
        {publicRoutes.map((r) => (
          <Route key={r.path} path={r.path} element={r.element} />
        ))}
      </Route>
      <Route
        element={
          <RequireAuth>
            <AppLayout />
          </RequireAuth>
        }
      >
        {appRoutes.map((r) => (
          <Route key={r.path} path={r.path} element={access[r.access] ? r.element : <NotFound />} />
        ))}
        <Route path="*" element={<NotFound />} />
      </Route>
    </Routes>
  );
}
