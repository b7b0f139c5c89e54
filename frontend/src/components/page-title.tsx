import type { ReactNode } from 'react';

/**
 * The page's heading inside a PageContainer header. PageContainer renders its
 * title as a plain span; this keeps the look and gives the page its h1, so
 * screen readers (and tests) find it by role.
 */
export function PageTitle({ children }: { children: ReactNode }) {
  return <h1 className="teyi-page-title">{children}</h1>;
}
