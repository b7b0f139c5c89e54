import type { Expert } from '../api/types';

/** Whether an expert matches the search words (name, hospital, group, specialty code or name). */
export function expertMatches(e: Expert, q: string, mdcName: (code: string) => string): boolean {
  const words = q.trim().toLowerCase().split(/\s+/).filter(Boolean);
  if (words.length === 0) return true;
  const hay = [e.name, e.hospital_name, e.group, e.organisation, ...(e.specialties ?? []).flatMap((s) => [s, mdcName(s)])]
    .join(' ')
    .toLowerCase();
  return words.every((w) => hay.includes(w));
}
