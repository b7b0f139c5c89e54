import type { Me } from '@/lib/session';

/** A step of signing in, as the login page shows it. */
export type SignInStep = 'password' | 'totp' | 'enrol_totp' | 'change_password';

/** Where sign-in stands for this user; `done` once fully signed in. */
export function stepOf(me: Me | null | undefined): SignInStep | 'done' {
  switch (me?.state) {
    case undefined:
      return 'password';
    case 'mfa_pending':
      return 'totp';
    case 'totp_enrolment':
      return 'enrol_totp';
    case 'password_change':
      return 'change_password';
    case 'authenticated':
      return 'done';
  }
}

/**
 * The page to open after sign-in: the `redirect` parameter when it is a path
 * of this console (never another site, never the login page), else 工作台.
 */
export function safeRedirect(raw: string | null | undefined): string {
  if (!raw || !raw.startsWith('/') || raw.startsWith('//') || raw.startsWith('/\\')) return '/';
  if (raw === '/login' || raw.startsWith('/login?') || raw.startsWith('/login/')) return '/';
  return raw;
}
