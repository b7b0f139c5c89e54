import type { Me } from '@/lib/session';

/** The signed-in user unit tests get unless they say otherwise: a bureau administrator of 济南市. */
export const BUREAU_ADMIN: Me = {
  id: '01a2335c-bebd-7d9a-99f4-5e19c0935bb3',
  username: 'bureau.admin',
  display_name: '王局长（医保局管理员）',
  roles: [{ role: 'bureau_admin', kind: 'region', id: '370100', region: '370100' }],
  state: 'authenticated',
  totp_enabled: false,
  csrf_token: 'csrf-from-me',
  hospital_id: null,
  region_code: '370100',
  hospital_name: '',
  region_name: '济南市',
};

export const CLINICIAN: Me = {
  ...BUREAU_ADMIN,
  id: '01a2335c-bebd-7d9a-99f4-000000000002',
  username: 'h1.doctor',
  display_name: '陈医生（一院心内科）',
  roles: [{ role: 'clinician', kind: 'hospital', id: 'h1', region: '370100' }],
  hospital_id: 'h1',
  hospital_name: '济南市第一人民医院',
};

/** problem+json as the server sends it. */
export function problem(status: number, title: string, detail?: string, errors?: { location: string; message: string }[]) {
  return Response.json(
    { title, status, detail, errors },
    { status, headers: { 'content-type': 'application/problem+json' } },
  );
}
