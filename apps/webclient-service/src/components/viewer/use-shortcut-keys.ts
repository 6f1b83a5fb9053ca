'use client';

import { useEffect } from 'react';
import { actionForKey, type ShortcutAction } from '../../lib/viewer/shortcuts';

/** Sends key presses outside form fields to the shortcut table. */
export function useShortcutKeys(run: (action: ShortcutAction) => void) {
  useEffect(() => {
    const onKey = (event: KeyboardEvent) => {
      const target = event.target as HTMLElement | null;
      if (target?.closest('input, select, textarea, [contenteditable="true"]'))
        return;
      // Space and Enter on a focused button press that button.
      const pressesButton = event.key === ' ' || event.key === 'Enter';
      if (pressesButton && target?.closest('button')) return;
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
