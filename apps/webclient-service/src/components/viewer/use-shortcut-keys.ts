'use client';

import { useEffect } from 'react';
import {
  actionForKey,
  keyBelongsToControl,
  type ShortcutAction,
} from '../../lib/viewer/shortcuts';

/**
 * Sends key presses to the shortcut table wherever focus is (the slice
 * scrollbar, the preset list), except in text fields and Space/Enter on a
 * button.
 */
export function useShortcutKeys(run: (action: ShortcutAction) => void) {
  useEffect(() => {
    const onKey = (event: KeyboardEvent) => {
      const target = event.target as HTMLElement | null;
      const control = target?.closest<HTMLElement>(
        'input, textarea, button, [contenteditable="true"]',
      );
      if (
        control &&
        keyBelongsToControl(
          {
            tagName: control.tagName,
            inputType:
              control instanceof HTMLInputElement
                ? (control.getAttribute('type') ?? 'text')
                : '',
            editable: control.isContentEditable,
          },
          event.key,
        )
      )
        return;
      const action = actionForKey(event.key, {
        ctrl: event.ctrlKey,
        alt: event.altKey,
        meta: event.metaKey,
      });
      if (!action) return;
      event.preventDefault();
      run(action);
    };
    window.addEventListener('keydown', onKey);
    return () => window.removeEventListener('keydown', onKey);
  }, [run]);
}
