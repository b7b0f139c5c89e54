import { useMutation, useQueryClient } from '@tanstack/react-query';

import type { components } from '@/api/schema';
import { api, unwrap } from '@/lib/api-client';

import { adminKeys } from './keys';
import type { Hospital } from './list-hospitals';

export type HospitalPatch = components['schemas']['HospitalPatch'];

/** PATCH /api/v1/hospitals/{hospitalId} (update-hospital): needs the `version` read; 409 when stale. */
export async function updateHospital({ id, patch }: { id: string; patch: HospitalPatch }): Promise<Hospital> {
  return unwrap(api.PATCH('/api/v1/hospitals/{hospitalId}', { params: { path: { hospitalId: id } }, body: patch }));
}

export function useUpdateHospital() {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: updateHospital,
    onSuccess: (hospital) => queryClient.setQueryData(adminKeys.hospital(hospital.id), hospital),
    onSettled: () => void queryClient.invalidateQueries({ queryKey: adminKeys.hospitals() }),
  });
}
