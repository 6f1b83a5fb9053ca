/**
 * The viewer's keyboard shortcuts: one table feeds both the key handler
 * and the help panel, so the panel never lists a key that does nothing.
 * Pure.
 */

/** What a key does. */
export type ShortcutAction =
  | { type: 'move-slice'; delta: number }
  | { type: 'step-phase'; delta: number }
  | { type: 'toggle-cine' }
  | { type: 'fps'; delta: number }
  | { type: 'zoom'; factor: number }
  | { type: 'reset' }
  | { type: 'preset'; index: number }
  | { type: 'layout'; layout: '1x1' | '1x2' | '2x2' }
  | { type: 'next-viewport' }
  | { type: 'toggle-length' }
  | { type: 'delete-measurement' }
  | { type: 'help' }
  | { type: 'close' };

/** One row of the help panel. */
export interface Shortcut {
  keys: string[];
  does: string;
}

/** The shortcuts as the help panel lists them. */
export const SHORTCUTS: readonly Shortcut[] = [
  { keys: ['↑', '↓'], does: 'Previous / next slice' },
  { keys: ['Wheel'], does: 'Scroll through slices' },
  { keys: ['PgUp', 'PgDn'], does: 'Five slices back / forward' },
  { keys: ['Home', 'End'], does: 'First / last slice' },
  { keys: ['←', '→'], does: 'Previous / next phase' },
  { keys: ['Space'], does: 'Play / pause cine' },
  { keys: ['[', ']'], does: 'Cine slower / faster' },
  { keys: ['+', '−'], does: 'Zoom in / out' },
  { keys: ['R'], does: 'Reset window, zoom and pan' },
  { keys: ['1', '…', '9'], does: 'Window preset 1 to 9' },
  { keys: ['Q', 'W', 'E'], does: 'Layout 1×1, 1×2, 2×2' },
  { keys: ['V'], does: 'Next viewport' },
  { keys: ['L'], does: 'Length tool on / off (left button measures)' },
  { keys: ['Delete'], does: 'Delete the selected length' },
  { keys: ['Drag'], does: 'Window/level (left button, or the active tool)' },
  { keys: ['Right drag'], does: 'Zoom' },
  { keys: ['Middle drag'], does: 'Pan' },
  { keys: ['?', 'H'], does: 'Show or hide this help' },
  { keys: ['Esc'], does: 'Close this help' },
];

const LARGE_STEP = 5;
const FAR = 1_000_000;

/**
 * The action of a key press (KeyboardEvent.key), or null for keys the
 * viewer leaves alone. Keys with Ctrl, Alt or Meta are never taken, so
 * browser shortcuts keep working.
 */
export function actionForKey(
  key: string,
  modifiers: { ctrl?: boolean; alt?: boolean; meta?: boolean } = {},
): ShortcutAction | null {
  if (modifiers.ctrl || modifiers.alt || modifiers.meta) return null;
  if (/^[1-9]$/.test(key)) return { type: 'preset', index: Number(key) - 1 };

  switch (key) {
    case 'ArrowUp':
      return { type: 'move-slice', delta: -1 };
    case 'ArrowDown':
      return { type: 'move-slice', delta: 1 };
    case 'PageUp':
      return { type: 'move-slice', delta: -LARGE_STEP };
    case 'PageDown':
      return { type: 'move-slice', delta: LARGE_STEP };
    case 'Home':
      return { type: 'move-slice', delta: -FAR };
    case 'End':
      return { type: 'move-slice', delta: FAR };
    case 'ArrowLeft':
      return { type: 'step-phase', delta: -1 };
    case 'ArrowRight':
      return { type: 'step-phase', delta: 1 };
    case ' ':
      return { type: 'toggle-cine' };
    case '[':
      return { type: 'fps', delta: -1 };
    case ']':
      return { type: 'fps', delta: 1 };
    case '+':
    case '=':
      return { type: 'zoom', factor: 1.25 };
    case '-':
    case '_':
      return { type: 'zoom', factor: 0.8 };
    case 'r':
    case 'R':
      return { type: 'reset' };
    case 'q':
    case 'Q':
      return { type: 'layout', layout: '1x1' };
    case 'w':
    case 'W':
      return { type: 'layout', layout: '1x2' };
    case 'e':
    case 'E':
      return { type: 'layout', layout: '2x2' };
    case 'v':
    case 'V':
      return { type: 'next-viewport' };
    case 'l':
    case 'L':
      return { type: 'toggle-length' };
    case 'Delete':
    case 'Backspace':
      return { type: 'delete-measurement' };
    case '?':
    case 'h':
    case 'H':
      return { type: 'help' };
    case 'Escape':
      return { type: 'close' };
    default:
      return null;
  }
}

/** What the key handler needs to know about the element a key went to. */
export interface KeyTarget {
  /** Upper-case tag name, e.g. INPUT. */
  tagName: string;
  /** The type attribute of an input ('' for other elements). */
  inputType?: string;
  editable?: boolean;
}

// Inputs whose keys type or edit a value (the fps box is a number input).
// A range slider, check box or button is not among them: after the slice
// scrollbar is dragged, the arrows and Space must still do what the help
// panel says, not move the slider.
const TEXT_INPUT_TYPES = new Set([
  '',
  'text',
  'number',
  'search',
  'password',
  'email',
  'url',
  'tel',
  'date',
  'time',
  'datetime-local',
  'month',
  'week',
]);

/**
 * Whether a key pressed in `target` belongs to that control rather than to
 * the viewer: text entry takes every key, a button takes Space and Enter
 * (they press it); everything else inside the viewer gets the shortcuts.
 */
export function keyBelongsToControl(target: KeyTarget, key: string): boolean {
  if (target.editable) return true;
  if (target.tagName === 'TEXTAREA') return true;
  if (target.tagName === 'INPUT')
    return TEXT_INPUT_TYPES.has((target.inputType ?? '').toLowerCase());
  if (target.tagName === 'BUTTON') return key === ' ' || key === 'Enter';
  return false;
}
