import type { paths } from '@/api/schema';

// Named after the operations rather than the document's component names, so a
// renamed Go type does not ripple through the UI.
export type GroupRequest = paths['/api/v1/grouper/group']['post']['requestBody']['content']['application/json'];
export type GroupResult = paths['/api/v1/grouper/group']['post']['responses'][200]['content']['application/json'];
export type CaseInput = GroupRequest['case'];
export type TraceStep = NonNullable<GroupResult['trace']>[number];
export type SecondaryDx = NonNullable<GroupResult['excluded']>[number];
export type Plan = NonNullable<
  paths['/api/v1/grouper/plans']['get']['responses'][200]['content']['application/json']['items']
>[number];
export type CodeHit = NonNullable<
  paths['/api/v1/grouper/codes']['get']['responses'][200]['content']['application/json']['items']
>[number];
export type CodeKind = 'diagnosis' | 'procedure';
