/**
 * Why the screen flagged a case as a special-case candidate (特例候选). The
 * codes are the API's (backend/internal/casefile/screen.go), in its canonical
 * order; the titles live in the message files under cases.reasons.
 */
export const REASONS = [
  'high_cost',
  'long_stay',
  'new_items',
  'icu',
  'ventilation',
  'ungroupable',
  'ambiguous_group',
  'multi_department',
  'registered_item',
] as const;

export type ReasonCode = (typeof REASONS)[number];

export function isReason(value: unknown): value is ReasonCode {
  return typeof value === 'string' && (REASONS as readonly string[]).includes(value);
}

/** The message key of a reason's title, or undefined for a code this UI does not know yet (shown as sent). */
export function reasonKey(code: string): `cases.reasons.${ReasonCode}` | undefined {
  return isReason(code) ? `cases.reasons.${code}` : undefined;
}

/** The outlier classes of the pricing (正常/高倍率/低倍率). */
export const OUTLIER_CLASSES = ['normal', 'high', 'low'] as const;
export type OutlierClass = (typeof OUTLIER_CLASSES)[number];

export function isOutlierClass(value: unknown): value is OutlierClass {
  return typeof value === 'string' && (OUTLIER_CLASSES as readonly string[]).includes(value);
}

/** One colour per meaning: high red, low orange, normal plain. */
export const CLASS_COLOR: Record<OutlierClass, string> = { high: 'red', low: 'orange', normal: 'default' };
