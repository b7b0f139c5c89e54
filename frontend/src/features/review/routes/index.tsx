import { AuditOutlined, CalendarOutlined, InboxOutlined, ScheduleOutlined, TeamOutlined } from '@ant-design/icons';
import { lazy } from 'react';

import type { AppRoute, PublicRoute } from '@/lib/routes';

const BoardPage = lazy(() => import('./board-page'));
const PanelPage = lazy(() => import('./panel-page'));
const InboxPage = lazy(() => import('./inbox-page'));
const CasePage = lazy(() => import('./case-page'));
const DecisionsPage = lazy(() => import('./decisions-page'));
const DecisionPage = lazy(() => import('./decision-page'));
const ExpertsPage = lazy(() => import('./experts-page'));
const MePage = lazy(() => import('./me-page'));
const VerifyPage = lazy(() => import('./verify-page'));

/** 专家评审: the bureau's board, panels and decisions, the pool; the expert's inbox, case and vote. */
export const reviewRoutes: AppRoute[] = [
  {
    path: '/review',
    access: 'canViewReviewBoard',
    element: <BoardPage />,
    menu: { nameKey: 'menu.reviewBoard', icon: <ScheduleOutlined />, group: 'review' },
  },
  {
    path: '/review/decisions',
    access: 'canListReviewDecisions',
    element: <DecisionsPage />,
    menu: { nameKey: 'menu.reviewDecisions', icon: <AuditOutlined />, group: 'review' },
  },
  {
    path: '/review/inbox',
    access: 'canViewReviewInbox',
    element: <InboxPage />,
    menu: { nameKey: 'menu.reviewInbox', icon: <InboxOutlined />, group: 'review' },
  },
  {
    path: '/review/experts',
    access: 'canListReviewExperts',
    element: <ExpertsPage />,
    menu: { nameKey: 'menu.reviewExperts', icon: <TeamOutlined />, group: 'review' },
  },
  {
    path: '/review/me',
    access: 'canViewMyReviewProfile',
    element: <MePage />,
    menu: { nameKey: 'menu.reviewMe', icon: <CalendarOutlined />, group: 'review' },
  },
  { path: '/review/decisions/:id', access: 'canGetReviewDecision', element: <DecisionPage /> },
  { path: '/review/panels/:id', access: 'canGetReviewPanel', element: <PanelPage /> },
  { path: '/review/panels/:id/case', access: 'canGetReviewCase', element: <CasePage /> },
];

/** The public check of a decision letter's verification code (no sign-in). */
export const reviewPublicRoutes: PublicRoute[] = [
  { path: '/verify', element: <VerifyPage /> },
  { path: '/verify/:code', element: <VerifyPage /> },
];
