import { describe, expect, it } from 'vitest';
import {
  actionForKey,
  keyBelongsToControl,
  SHORTCUTS,
} from '../src/lib/viewer/shortcuts.js';

describe('keyboard shortcuts', () => {
  it('scrolls slices with the vertical arrows and phases with the horizontal ones', () => {
    expect(actionForKey('ArrowDown')).toEqual({ type: 'move-slice', delta: 1 });
    expect(actionForKey('ArrowUp')).toEqual({ type: 'move-slice', delta: -1 });
    expect(actionForKey('ArrowRight')).toEqual({
      type: 'step-phase',
      delta: 1,
    });
    expect(actionForKey('ArrowLeft')).toEqual({
      type: 'step-phase',
      delta: -1,
    });
  });

  it('plays cine with space and picks presets with digits', () => {
    expect(actionForKey(' ')).toEqual({ type: 'toggle-cine' });
    expect(actionForKey('1')).toEqual({ type: 'preset', index: 0 });
    expect(actionForKey('9')).toEqual({ type: 'preset', index: 8 });
    expect(actionForKey('0')).toBeNull();
  });

  it('turns the length tool on and off with L and deletes the selected length with Delete', () => {
    expect(actionForKey('l')).toEqual({ type: 'toggle-length' });
    expect(actionForKey('L')).toEqual({ type: 'toggle-length' });
    expect(actionForKey('Delete')).toEqual({ type: 'delete-measurement' });
    expect(actionForKey('Backspace')).toEqual({ type: 'delete-measurement' });
  });

  it('leaves keys with Ctrl, Alt or Meta to the browser', () => {
    expect(actionForKey('r', { ctrl: true })).toBeNull();
    expect(actionForKey('ArrowDown', { alt: true })).toBeNull();
    expect(actionForKey('w', { meta: true })).toBeNull();
  });

  it('ignores keys it does not know, and leaves Tab to move the focus', () => {
    expect(actionForKey('x')).toBeNull();
    expect(actionForKey('Tab')).toBeNull();
  });

  it('lists in the help panel only keys that act', () => {
    const named: Record<string, string> = {
      '↑': 'ArrowUp',
      '↓': 'ArrowDown',
      '←': 'ArrowLeft',
      '→': 'ArrowRight',
      Space: ' ',
      PgUp: 'PageUp',
      PgDn: 'PageDown',
      Esc: 'Escape',
      '−': '-',
    };
    const mouse = new Set(['Wheel', 'Drag', 'Right drag', 'Middle drag', '…']);
    for (const { keys } of SHORTCUTS) {
      for (const key of keys) {
        if (mouse.has(key)) continue;
        expect(actionForKey(named[key] ?? key), key).not.toBeNull();
      }
    }
  });
});

describe('which keys stay with the focused control', () => {
  it('gives the arrows and Space to the viewer after the slice scrollbar was used', () => {
    const slider = { tagName: 'INPUT', inputType: 'range' };
    expect(keyBelongsToControl(slider, 'ArrowLeft')).toBe(false);
    expect(keyBelongsToControl(slider, 'ArrowRight')).toBe(false);
    expect(keyBelongsToControl(slider, ' ')).toBe(false);
    expect(keyBelongsToControl({ tagName: 'SELECT' }, 'ArrowDown')).toBe(false);
  });

  it('leaves every key to text fields such as the fps box', () => {
    expect(
      keyBelongsToControl({ tagName: 'INPUT', inputType: 'number' }, 'ArrowUp'),
    ).toBe(true);
    expect(
      keyBelongsToControl({ tagName: 'INPUT', inputType: 'text' }, 'r'),
    ).toBe(true);
    expect(keyBelongsToControl({ tagName: 'TEXTAREA' }, ' ')).toBe(true);
    expect(keyBelongsToControl({ tagName: 'DIV', editable: true }, 'q')).toBe(
      true,
    );
  });

  it('lets Space and Enter press a focused button but not other keys', () => {
    expect(keyBelongsToControl({ tagName: 'BUTTON' }, ' ')).toBe(true);
    expect(keyBelongsToControl({ tagName: 'BUTTON' }, 'Enter')).toBe(true);
    expect(keyBelongsToControl({ tagName: 'BUTTON' }, 'ArrowRight')).toBe(
      false,
    );
  });
});
