/**
 * The part of ECharts the app uses, registered once: horizontal bar charts with a grid and a
 * tooltip, drawn on canvas. Importing from 'echarts/core' and naming the parts keeps the rest of
 * ECharts (maps, 3D, SVG renderer, …) out of the bundle.
 */
import { BarChart, type BarSeriesOption } from 'echarts/charts';
import { GridComponent, TooltipComponent, type GridComponentOption, type TooltipComponentOption } from 'echarts/components';
import { init, use, type ComposeOption, type ECharts } from 'echarts/core';
import { CanvasRenderer } from 'echarts/renderers';

use([BarChart, GridComponent, TooltipComponent, CanvasRenderer]);

/** The only chart options the app builds. */
export type BarChartOption = ComposeOption<BarSeriesOption | GridComponentOption | TooltipComponentOption>;

export { init as initChart, type ECharts };
