/** How full a quota is, for the gauge's colour and message (warn from 80 %, full at 100 %). */
export type GaugeLevel = 'ok' | 'warn' | 'full' | 'none';

export interface GaugeReading {
  level: GaugeLevel;
  /** Used as a whole percentage of the cap, 0–100 (clamped). */
  percent: number;
}

/**
 * Reads a gauge as the server sent it: its `warn`/`full` flags win (the
 * region's warning share is a setting), else the 80 % / 100 % defaults. A cap
 * of 0 is "no quota configured" unless the server says it is full.
 */
export function readGauge(g: { cap: number; used: number; warn?: boolean; full?: boolean }): GaugeReading {
  if (g.cap <= 0) return { level: g.full ? 'full' : 'none', percent: g.full ? 100 : 0 };
  const percent = Math.max(0, Math.min(100, Math.floor((g.used * 100) / g.cap)));
  if (g.full || g.used >= g.cap) return { level: 'full', percent };
  if (g.warn || g.used * 5 >= g.cap * 4) return { level: 'warn', percent };
  return { level: 'ok', percent };
}

/** The antd Progress status and colour for a level. */
export function gaugeColor(level: GaugeLevel): string {
  switch (level) {
    case 'full':
      return '#cf1322';
    case 'warn':
      return '#fa8c16';
  }
  return '#1677ff';
}
