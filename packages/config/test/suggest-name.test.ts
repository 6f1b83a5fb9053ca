import { describe, expect, it } from 'vitest';
import { suggestName } from '../src/suggest-name.js';

describe('suggestName', () => {
  it('suggests a name up to two edits away, ignoring case', () => {
    expect(suggestName('clinetport', ['ClientPort', 'AdminPort'])).toBe(
      'ClientPort',
    );
    expect(suggestName('AdminPrt', ['ClientPort', 'AdminPort'])).toBe(
      'AdminPort',
    );
  });

  it('suggests nothing for a name far from every known one', () => {
    expect(suggestName('Colour', ['ClientPort', 'AdminPort'])).toBeUndefined();
  });
});
