/**
 * Tests' stand-in for the canvas timeline (src/renderer/src/timeline/TimelineView.vue): the same
 * props, events and exposed fit(), no drawing. A test finds it by name and emits as the real one
 * would. Not shipped (only tests import it).
 */
import { defineComponent, h, type PropType } from 'vue';
import type { Trace } from '@core/model';
import type { TimeRange } from '../model/time-range';

export const TimelineStub = defineComponent({
  name: 'TimelineView',
  props: {
    trace: { type: Object as PropType<Trace>, required: true },
    criticalPath: { type: Array as PropType<readonly number[]>, default: undefined },
    criticalFrom: { type: Array as PropType<readonly number[]>, default: undefined },
    showCriticalPath: { type: Boolean, default: false },
    window: { type: Object as PropType<TimeRange>, default: undefined },
    height: { type: Number, default: undefined },
  },
  emits: {
    select: (_id: number | undefined) => true,
    range: (_r: TimeRange | undefined) => true,
    viewport: (_v: TimeRange) => true,
  },
  setup(props, { expose }) {
    let fits = 0;
    expose({ fit: () => fits++, fits: () => fits });
    return () =>
      h(
        'div',
        { 'data-testid': 'timeline-stub' },
        props.trace.lanes.map((l) => h('span', { 'data-testid': 'lane-label' }, l.name)),
      );
  },
});
