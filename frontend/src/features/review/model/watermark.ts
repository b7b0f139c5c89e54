import { formatDateTime } from '@/lib/format';

/** The mark on every page the expert views: "<expert name> <YYYY-MM-DD HH:mm>" (Asia/Shanghai). */
export function watermarkText(name: string, at: Date): string {
  return `${name.trim() || '—'} ${formatDateTime(at)}`;
}

/** How many copies of the mark tile a viewer of `width` × `height` pixels (a grid of cells, at least one). */
export function watermarkTiles(width: number, height: number, cell = { w: 260, h: 140 }): number {
  const cols = Math.max(1, Math.ceil(width / cell.w));
  const rows = Math.max(1, Math.ceil(height / cell.h));
  return cols * rows;
}
