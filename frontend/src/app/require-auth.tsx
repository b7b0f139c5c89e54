import { Flex, Spin } from 'antd';
import type { ReactNode } from 'react';
import { useTranslation } from 'react-i18next';
import { Navigate, useLocation } from 'react-router-dom';

import { ProblemResult } from '@/components/problem-result';
import { useMe } from '@/lib/session';

/** The sign-in page, remembering where the user wanted to go. */
function loginPath(target: string): string {
  return target === '/' || target === '' ? '/login' : `/login?redirect=${encodeURIComponent(target)}`;
}

/**
 * The console is for signed-in people only: anyone else (or anyone half-way
 * through sign-in) goes to /login?redirect=… and comes back here afterwards.
 */
export function RequireAuth({ children }: { children: ReactNode }) {
  const { t } = useTranslation();
  const me = useMe();
  const location = useLocation();

  if (me.isPending) {
    return (
      <Flex justify="center" align="center" role="status" aria-label={t('auth.checking')} style={{ minHeight: '100vh' }}>
        <Spin size="large" />
      </Flex>
    );
  }
  if (me.data === undefined) {
    return <ProblemResult error={me.error} onRetry={() => void me.refetch()} retrying={me.isFetching} />;
  }
  if (me.data === null || me.data.state !== 'authenticated') {
    return <Navigate to={loginPath(location.pathname + location.search)} replace />;
  }
  return children;
}
