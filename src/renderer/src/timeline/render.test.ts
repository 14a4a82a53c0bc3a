import { describe, expect, it } from 'vitest';
import type { Trace } from '@core/model.js';
import { ns } from '@core/time.js';
import { scenario } from '@core/testing/scenario';
import { buildArrowIndex } from './arrows.js';
import { RectBuffer } from './buffers.js';
import { buildTimelineIndex } from './lane-index.js';
import { buildLayout } from './layout.js';
import { opBox } from './op-box.js';
import { unpackRgba } from './pixel-frame.js';
import { createFrameBuffers, fitText, renderFrame, type FrameBuffers, type FrameInput } from './render.js';
import { DARK, themeFrom } from './theme.js';

interface Call {
  readonly name: string;
  readonly args: readonly unknown[];
  /** fillStyle / strokeStyle when the call was made. */
  readonly fill: unknown;
  readonly stroke: unknown;
}

/** A context that records what is drawn (happy-dom has no canvas). */
function recordingContext(): { ctx: CanvasRenderingContext2D; calls: Call[] } {
  const calls: Call[] = [];
  const state: Record<string | symbol, unknown> = {};
  const ctx = new Proxy(state, {
    get(target, prop) {
      if (prop in target) return target[prop];
      return (...args: unknown[]) => {
        calls.push({ name: String(prop), args, fill: target['fillStyle'], stroke: target['strokeStyle'] });
      };
    },
    set(target, prop, value) {
      target[prop] = value;
      return true;
    },
  });
  return { ctx: ctx as unknown as CanvasRenderingContext2D, calls };
}

function input(trace: Trace, extra: Partial<FrameInput> = {}): FrameInput {
  const index = buildTimelineIndex(trace);
  return {
    trace,
    index,
    layout: buildLayout(trace.processes, index.lanes, index.laneDepths, trace.phases),
    arrows: buildArrowIndex(trace, index),
    view: { start: 0, end: 1000, width: 500 },
    height: 300,
    scrollY: 0,
    dpr: 2,
    theme: themeFrom(() => undefined, false),
    ...extra,
  };
}

const TRACE: Trace = {
  ...scenario(
    [
      ['gpu1', '<b>kernel</b>', 'compute', 100, 400],
      ['gpu1', 'tiny', 'compute', 600, 1],
      ['cpu1', 'submit', 'cpu', 0, 90],
    ],
    [[2, 0]],
  ),
  phases: [{ name: 'run', start: ns(0), end: ns(800) }],
  instants: [{ name: 'mark', ts: ns(50) }],
};

/** The frame's pixel (r, g, b, a) at CSS point (x, y), at the input's DPR. */
function pixelAt(buffers: FrameBuffers, frame: FrameInput, x: number, y: number): number[] {
  const px = buffers.pixels;
  return unpackRgba(px.data[Math.floor(y * frame.dpr) * px.width + Math.floor(x * frame.dpr)]!);
}

/** The middle of op `id`'s bar, CSS px. */
function middleOf(frame: FrameInput, id: number): { x: number; y: number } {
  const b = opBox(frame.index, frame.layout, frame.view, frame.layout.headerHeight - frame.scrollY, id)!;
  return { x: b.x + b.w / 2, y: b.y + b.h / 2 };
}

describe('renderFrame', () => {
  it('draws at the device pixel ratio, ops in their kind colours into its pixels, names as canvas text', () => {
    const { ctx, calls } = recordingContext();
    const frame = input(TRACE, { selected: 0, hovered: 2, range: { start: 200, end: 300 }, criticalPath: [2, 0] });
    const buffers = createFrameBuffers();
    const stats = renderFrame(ctx, frame, buffers);
    // The rects first, as one image of the canvas's device size; then the rest at the DPR.
    expect(calls[0]!.name).toBe('putImageData');
    expect(calls[0]!.args[0]).toMatchObject({ width: 1000, height: 600 });
    expect(calls[1]).toMatchObject({ name: 'setTransform', args: [2, 0, 0, 2, 0, 0] });
    expect(stats.rectsDrawn).toBe(3); // kernel and submit own rects, tiny merged
    expect(stats.arrowsDrawn).toBe(2); // the selected op's arrow and the critical path step
    const kernel = middleOf(frame, 0);
    expect(pixelAt(buffers, frame, kernel.x, kernel.y)).toEqual([0x00, 0x72, 0xb2, 255]); // compute #0072B2
    const submit = middleOf(frame, 2);
    expect(pixelAt(buffers, frame, submit.x, submit.y)).toEqual([0x00, 0x9e, 0x73, 255]); // cpu #009E73
    // The kernel [100, 500) ns at 0.5 px/ns: x 50 … 250, less its last pixel (neighbours stay apart): 100 … 498 device px.
    expect(pixelAt(buffers, frame, 49.5, kernel.y)).not.toEqual([0x00, 0x72, 0xb2, 255]);
    expect(pixelAt(buffers, frame, 50, kernel.y)).toEqual([0x00, 0x72, 0xb2, 255]);
    expect(pixelAt(buffers, frame, 248.5, kernel.y)).toEqual([0x00, 0x72, 0xb2, 255]);
    expect(pixelAt(buffers, frame, 249, kernel.y)).not.toEqual([0x00, 0x72, 0xb2, 255]);
    const texts = calls.filter((c) => c.name === 'fillText').map((c) => c.args[0]);
    expect(texts).toContain('<b>kernel</b>'); // on a canvas markup is just text
    expect(texts.some((s) => typeof s === 'string' && s.startsWith('run'))).toBe(true); // the phase
    expect(texts).toContain('100 ns'); // the range's duration
    const theme = themeFrom(() => undefined, false);
    const outlines = calls.filter((c) => c.name === 'strokeRect').map((c) => c.stroke);
    expect(outlines).toContain(theme.hover);
    expect(outlines).toContain(theme.selection);
  });

  it("highlights each critical-path step's segment: from where it took over the chain to its end", () => {
    const { ctx, calls } = recordingContext();
    const theme = themeFrom(() => undefined, false);
    // 1000 ns on 500 px: 0.5 px/ns. The kernel [100,500) took over at 300 (say, a wait's part after
    // what it waited for): its segment is x 150 … 250, not the whole bar 50 … 250.
    renderFrame(ctx, input(TRACE, { criticalPath: [2, 0], criticalFrom: [0, 300] }), createFrameBuffers());
    const rects = calls.filter((c) => c.name === 'rect' && c.stroke === theme.critical).map((c) => [c.args[0], c.args[2]]);
    expect(rects).toEqual([
      [0, 45], // submit [0,90): x 0 … 45
      [150, 100],
    ]);
    const whole = recordingContext();
    renderFrame(whole.ctx, input(TRACE, { criticalPath: [2, 0] }), createFrameBuffers());
    expect(whole.calls.filter((c) => c.name === 'rect' && c.stroke === theme.critical).map((c) => [c.args[0], c.args[2]])).toEqual([
      [0, 45],
      [50, 200],
    ]);
  });

  it('draws in the theme it is given', () => {
    const { ctx, calls } = recordingContext();
    const frame = input(TRACE, { theme: themeFrom((v) => (v === '--timeline-compute' ? '#123456' : undefined), true) });
    const buffers = createFrameBuffers();
    renderFrame(ctx, frame, buffers);
    const kernel = middleOf(frame, 0);
    expect(pixelAt(buffers, frame, kernel.x, kernel.y)).toEqual([0x12, 0x34, 0x56, 255]);
    // Past the last op, on the first lane's row (not striped): the background, DARK's #0d1117.
    expect(pixelAt(buffers, frame, 450, kernel.y)).toEqual([0x0d, 0x11, 0x17, 255]);
    expect(calls.find((c) => c.name === 'fillRect')?.fill).toBe(DARK.background); // the header, on the canvas
  });

  it('outlines search matches in its pixels, 2 px around the bar, over the ops', () => {
    const search = new RectBuffer();
    const frame = input(TRACE, { dpr: 1 });
    const b = opBox(frame.index, frame.layout, frame.view, frame.layout.headerHeight, 0)!;
    search.push(b.x, b.y, b.w, b.h);
    const buffers = createFrameBuffers();
    renderFrame(recordingContext().ctx, { ...frame, search }, buffers);
    const amber = [0xff, 0xb0, 0x00, 255];
    const y = Math.round(b.y + b.h / 2);
    const x0 = Math.round(b.x);
    const x1 = x0 + Math.round(b.w);
    expect([x0 - 2, x0 - 1, x0].map((x) => pixelAt(buffers, frame, x, y))).toEqual([amber, amber, [0x00, 0x72, 0xb2, 255]]); // the bar itself at x0
    expect(pixelAt(buffers, frame, x0 - 3, y)).not.toEqual(amber);
    expect([x1, x1 + 1].map((x) => pixelAt(buffers, frame, x, y))).toEqual([amber, amber]);
    expect(pixelAt(buffers, frame, x1 + 2, y)).not.toEqual(amber);
    expect(pixelAt(buffers, frame, (x0 + x1) / 2, Math.round(b.y) - 1)).toEqual(amber); // the top edge
  });

  it('does all but the drawing without a context', () => {
    const withCtx = renderFrame(recordingContext().ctx, input(TRACE, { selected: 0 }), createFrameBuffers());
    const without = renderFrame(undefined, input(TRACE, { selected: 0 }), createFrameBuffers());
    expect(without).toEqual(withCtx);
  });
});

describe('fitText', () => {
  it('cuts names to the room there is, with an ellipsis', () => {
    expect(fitText('matmul', 100)).toBe('matmul');
    expect(fitText('a_very_long_kernel_name', 62)).toBe('a_very_lo…');
    expect(fitText('abc', 6)).toBe('');
  });
});
