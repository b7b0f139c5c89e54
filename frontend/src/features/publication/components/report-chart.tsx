import { BarChart } from 'echarts/charts';
import { GridComponent, LegendComponent, TooltipComponent } from 'echarts/components';
import * as echarts from 'echarts/core';
import { SVGRenderer } from 'echarts/renderers';
import ReactEChartsCore from 'echarts-for-react/esm/core';
import { useMemo } from 'react';
import { useTranslation } from 'react-i18next';

import type { Report } from '../api/publication';

echarts.use([BarChart, GridComponent, LegendComponent, TooltipComponent, SVGRenderer]);

/** The outcome columns stacked per hospital, in the order of the table. */
const SERIES = [
  { key: 'approved_item_based', color: '#389e0d' },
  { key: 'approved_adjusted_standard', color: '#95de64' },
  { key: 'rejected', color: '#cf1322' },
  { key: 'rejected_at_intake', color: '#ff9c6e' },
  { key: 'withdrawn', color: '#bfbfbf' },
  { key: 'pending', color: '#1677ff' },
] as const;

/** 各医院申请结果: each hospital's submitted applications by outcome, as stacked bars. */
export function ReportChart({ report }: { report: Report }) {
  const { t } = useTranslation();
  const option = useMemo(() => {
    const hospitals = report.hospitals ?? [];
    return {
      tooltip: { trigger: 'axis', axisPointer: { type: 'shadow' } },
      legend: { top: 0, itemGap: 20 },
      grid: { left: 8, right: 24, top: 36, bottom: 8, containLabel: true },
      xAxis: { type: 'value', minInterval: 1, name: t('publication.chart.axis') },
      yAxis: { type: 'category', inverse: true, data: hospitals.map((h) => h.hospital_name) },
      series: SERIES.map((s) => ({
        name: t(`publication.columns.${s.key}`),
        type: 'bar',
        stack: 'outcome',
        itemStyle: { color: s.color },
        emphasis: { focus: 'series' },
        data: hospitals.map((h) => h[s.key]),
      })),
    };
  }, [report, t]);
  const height = Math.max(240, 60 + (report.hospitals ?? []).length * 28);
  return (
    <div data-testid="publication-chart" role="img" aria-label={t('publication.chart.title')}>
      <ReactEChartsCore echarts={echarts} option={option} notMerge style={{ height }} opts={{ renderer: 'svg' }} />
    </div>
  );
}
