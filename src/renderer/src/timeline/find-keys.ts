/**
 * Keys of the timeline's search, overview and help (issue 13 items 4 and 5), apart from the view
 * as Perfetto keeps its key handlers: what a key means is decided here, the component only runs
 * the action. The navigation keys (W/A/S/D, F, arrows, P, Escape) stay in TimelineView's handler;
 * SHORTCUTS lists all of them for the `?` overlay.
 */

interface KeyLike {
  readonly key: string;
  readonly shiftKey: boolean;
  readonly ctrlKey: boolean;
  readonly metaKey: boolean;
  readonly altKey: boolean;
}

export type TimelineFindAction = 'find' | 'next' | 'previous' | 'zoom-selection' | 'shortcuts';

/** A key pressed on the timeline canvas; undefined for keys this module does not handle. */
export function timelineFindKey(e: KeyLike): TimelineFindAction | undefined {
  if (e.altKey) return undefined;
  if ((e.ctrlKey || e.metaKey) && e.key.toLowerCase() === 'f') return 'find';
  if (e.ctrlKey || e.metaKey) return undefined;
  switch (e.key) {
    case '/':
      return 'find';
    case 'Enter':
      return e.shiftKey ? 'previous' : 'next';
    case 'z':
    case 'Z':
      return 'zoom-selection';
    case '?':
      return 'shortcuts';
    default:
      return undefined;
  }
}

export type SearchBoxAction = 'next' | 'previous' | 'clear' | 'leave';

/** A key pressed in the search box: Enter and Shift+Enter step, Escape clears, then leaves for the timeline. */
export function searchBoxKey(e: KeyLike, hasText: boolean): SearchBoxAction | undefined {
  if (e.key === 'Enter' && !e.ctrlKey && !e.metaKey && !e.altKey) return e.shiftKey ? 'previous' : 'next';
  if (e.key === 'Escape') return hasText ? 'clear' : 'leave';
  return undefined;
}

export interface Shortcut {
  readonly keys: string;
  readonly what: string;
}

/** Every key and gesture of the timeline, for the `?` overlay. */
export const SHORTCUTS: readonly Shortcut[] = [
  { keys: 'W / S or Ctrl+wheel', what: 'zoom in / out (around the pointer)' },
  { keys: 'A / D or Shift+wheel', what: 'pan left / right' },
  { keys: 'Wheel, ↑ / ↓', what: 'scroll the lanes' },
  { keys: 'Drag', what: 'pan (and scroll the lanes)' },
  { keys: 'F', what: 'fit the whole trace' },
  { keys: 'Z', what: 'zoom to the selection (the selected range, else the selected op)' },
  { keys: 'Click', what: 'select an op (its details and dependencies below); a process name collapses it' },
  { keys: 'Shift+drag', what: 'select a time range (or drag on the time axis)' },
  { keys: 'P', what: 'pin the selected (else the hovered) op’s lane to the top, or unpin it; or the pin on a lane’s name' },
  { keys: '↕ on a lane’s name', what: 'make the lane taller (Rows in the tool row sets every lane’s height)' },
  { keys: '/ or Ctrl+F', what: 'find ops by name: text, or /regex/' },
  { keys: 'Enter / Shift+Enter', what: 'next / previous match' },
  { keys: 'Overview', what: 'click or drag to move the view' },
  { keys: 'Escape', what: 'clear the selection and the range; in the search box, clear the search' },
  { keys: '?', what: 'show or hide these shortcuts' },
];
