/**
 * The part of ECharts the app uses, registered once: bar charts (busy time, phase comparisons),
 * scatter (each round's run as a dot on its phase's bar) and line charts with reference lines
 * (parameter sweeps), with a grid and a tooltip, drawn on
 * canvas. Importing from 'echarts/core' and naming the parts keeps the rest of ECharts (maps, 3D,
 * SVG renderer, …) out of the bundle.
 */
import { BarChart, LineChart, ScatterChart, type BarSeriesOption, type LineSeriesOption, type ScatterSeriesOption } from 'echarts/charts';
import {
  GridComponent,
  MarkLineComponent,
  TooltipComponent,
  type GridComponentOption,
  type MarkLineComponentOption,
  type TooltipComponentOption,
} from 'echarts/components';
import { init, use, type ComposeOption, type ECharts } from 'echarts/core';
import { CanvasRenderer } from 'echarts/renderers';

use([BarChart, LineChart, ScatterChart, GridComponent, MarkLineComponent, TooltipComponent, CanvasRenderer]);

/** The only chart options the app builds. */
export type ChartOption = ComposeOption<
  BarSeriesOption | LineSeriesOption | ScatterSeriesOption | GridComponentOption | MarkLineComponentOption | TooltipComponentOption
>;

export { init as initChart, type ECharts };
