import { describe, expect, it } from 'vitest';
import { ParamReader } from '../src/rpc/params.js';

describe('reading request parameters', () => {
  it('returns well-typed values', () => {
    const params = new ParamReader({
      name: 'jdoe',
      roles: ['Viewer'],
      limit: 5,
      flag: true,
      sortOrder: 'asc',
    });
    expect(params.string('name')).toBe('jdoe');
    expect(params.stringList('roles')).toEqual(['Viewer']);
    expect(params.optionalInteger('limit', 1, 10)).toBe(5);
    expect(params.optionalBoolean('flag')).toBe(true);
    expect(params.optionalChoice('sortOrder', ['asc', 'desc'])).toBe('asc');
    expect(params.optionalString('missing')).toBeUndefined();
    expect(() => params.finish()).not.toThrow();
  });

  it('names the field at fault', () => {
    const cases: [
      Record<string, unknown>,
      (p: ParamReader) => unknown,
      RegExp,
    ][] = [
      [{ name: 5 }, (p) => p.string('name'), /name must be a text/],
      [{ name: '' }, (p) => p.string('name'), /name must be a text of 1/],
      [{ name: 'x'.repeat(65) }, (p) => p.string('name', 64), /1 to 64/],
      [
        { roles: 'Viewer' },
        (p) => p.stringList('roles'),
        /roles must be a list/,
      ],
      [
        { limit: 1.5 },
        (p) => p.optionalInteger('limit', 1, 9),
        /limit must be a whole/,
      ],
      [{ limit: 10 }, (p) => p.optionalInteger('limit', 1, 9), /from 1 to 9/],
      [
        { flag: 'yes' },
        (p) => p.optionalBoolean('flag'),
        /flag must be true or false/,
      ],
      [
        { order: 'up' },
        (p) => p.optionalChoice('order', ['asc']),
        /order must be one of asc/,
      ],
    ];
    for (const [input, read, message] of cases) {
      expect(() => read(new ParamReader(input))).toThrow(message);
    }
  });

  it('refuses parameters the method does not read', () => {
    const params = new ParamReader({ name: 'a', nmae: 'b' });
    params.string('name');
    expect(() => params.finish()).toThrow(
      expect.objectContaining({
        code: 'CORE_INVALID_PARAMS',
        message: 'Unknown parameter "nmae"',
      }),
    );
  });

  it('does not read inherited properties as parameters', () => {
    const params = new ParamReader(JSON.parse('{"__proto__": {"name": "x"}}'));
    expect(params.optionalString('name')).toBeUndefined();
  });
});
