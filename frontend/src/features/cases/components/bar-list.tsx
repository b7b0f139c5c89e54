import { Typography } from 'antd';

import { magnitude } from '../model/numbers';

export interface Bar {
  key: string;
  label: string;
  /** A decimal string; the bar's length is drawn from it, the text shows `display`. */
  value: string;
  display: string;
}

/**
 * A horizontal bar list without a chart library: label, bar, figure. The
 * figure is the API's own, formatted; the bar is only a picture of it.
 */
export function BarList({ bars, testId, hideEmpty = true }: { bars: readonly Bar[]; testId?: string; hideEmpty?: boolean }) {
  const shown = hideEmpty ? bars.filter((b) => magnitude(b.value) > 0) : bars;
  const max = Math.max(0, ...shown.map((b) => magnitude(b.value)));
  return (
    <div data-testid={testId} style={{ display: 'grid', gridTemplateColumns: 'max-content 1fr max-content', gap: '6px 12px', alignItems: 'center' }}>
      {shown.map((b) => {
        const pct = max > 0 ? (magnitude(b.value) / max) * 100 : 0;
        return (
          <div key={b.key} style={{ display: 'contents' }}>
            <Typography.Text style={{ whiteSpace: 'nowrap' }}>{b.label}</Typography.Text>
            <div style={{ background: 'rgba(0,0,0,0.04)', borderRadius: 2, height: 12 }} aria-hidden>
              <div style={{ width: `${pct}%`, minWidth: pct > 0 ? 2 : 0, height: '100%', borderRadius: 2, background: '#1677ff' }} />
            </div>
            <span className="money" style={{ textAlign: 'right' }}>
              {b.display}
            </span>
          </div>
        );
      })}
    </div>
  );
}

/** Small vertical bars for a monthly trend (one per month), with the value as a tooltip. */
export function TrendBars({
  points,
  color = '#1677ff',
  height = 36,
  label,
}: {
  points: readonly { key: string; value: string; title: string }[];
  color?: string;
  height?: number;
  label: string;
}) {
  const max = Math.max(0, ...points.map((p) => magnitude(p.value)));
  const w = 10;
  const gap = 3;
  const width = Math.max(points.length * (w + gap) - gap, 0);
  return (
    <svg role="img" aria-label={label} width={width} height={height} style={{ display: 'block' }}>
      {points.map((p, i) => {
        const h = max > 0 ? Math.max((magnitude(p.value) / max) * height, magnitude(p.value) > 0 ? 1 : 0) : 0;
        return (
          <rect key={p.key} x={i * (w + gap)} y={height - h} width={w} height={h} rx={1} fill={color}>
            <title>{p.title}</title>
          </rect>
        );
      })}
    </svg>
  );
}
