import { useMutation, useQueryClient } from '@tanstack/react-query';

import type { components } from '@/api/schema';
import { api, unwrap } from '@/lib/api-client';

import { adminKeys } from './keys';
import type { Hospital } from './list-hospitals';

export type HospitalInput = components['schemas']['HospitalInput'];

/** POST /api/v1/hospitals (create-hospital). */
export async function createHospital(body: HospitalInput): Promise<Hospital> {
  return unwrap(api.POST('/api/v1/hospitals', { body }));
}

export function useCreateHospital() {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: createHospital,
    onSuccess: () => void queryClient.invalidateQueries({ queryKey: adminKeys.hospitals() }),
  });
}
