import { ConfigError } from './errors.js';

/**
 * Writes a value the way the parser reads it back: booleans as true/false,
 * and text in double quotes when its ends would otherwise be trimmed.
 */
export function formatIniValue(
  value: string | number | boolean,
  file: string,
  key: string,
): string {
  const text = String(value);
  if (/[\r\n]/.test(text)) {
    throw new ConfigError(
      'CFG_INVALID_VALUE',
      `${file}: ${key}: expected a value on one line, found a line break`,
      { file, key },
    );
  }

  const needsQuotes = text !== text.trim() || /^".*"$/.test(text);
  return needsQuotes ? `"${text}"` : text;
}
