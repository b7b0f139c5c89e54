import { useMutation } from '@tanstack/react-query';

import { api, unwrap } from '@/lib/api-client';

/** POST /api/v1/me/totp/confirm (confirm-totp-enrolment): returns ten recovery codes, once. */
export async function confirmTotpEnrolment(code: string): Promise<string[]> {
  const { recovery_codes } = await unwrap(api.POST('/api/v1/me/totp/confirm', { body: { code } }));
  return recovery_codes ?? [];
}

export function useConfirmTotpEnrolment() {
  return useMutation({ mutationFn: confirmTotpEnrolment });
}
