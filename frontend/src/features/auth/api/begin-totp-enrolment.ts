import { useMutation } from '@tanstack/react-query';

import type { components } from '@/api/schema';
import { api, unwrap } from '@/lib/api-client';

export type Enrolment = components['schemas']['Enrolment'];

/** POST /api/v1/me/totp (begin-totp-enrolment): a new secret, active once confirmed. */
export async function beginTotpEnrolment(): Promise<Enrolment> {
  return unwrap(api.POST('/api/v1/me/totp'));
}

export function useBeginTotpEnrolment() {
  return useMutation({ mutationFn: beginTotpEnrolment });
}
