import { SHORTCUTS } from '../../lib/viewer/shortcuts';

/** The keyboard and mouse shortcuts of the viewer. */
export function HelpPanel({ onClose }: { onClose: () => void }) {
  return (
    <section
      className="help-panel"
      role="dialog"
      aria-label="Keyboard shortcuts"
    >
      <h2>Keyboard shortcuts</h2>
      <table>
        <tbody>
          {SHORTCUTS.map((shortcut) => (
            <tr key={shortcut.does}>
              <td>
                {shortcut.keys.map((key) => (
                  <kbd key={key}>{key}</kbd>
                ))}
              </td>
              <td>{shortcut.does}</td>
            </tr>
          ))}
        </tbody>
      </table>
      <p>
        <button type="button" onClick={onClose}>
          Close
        </button>
      </p>
    </section>
  );
}
