import { corsOptions } from './cors-options';

type OriginCallback = (err: Error | null, allow?: boolean) => void;
type OriginFn = (origin: string | undefined, callback: OriginCallback) => void;

function decide(fn: OriginFn, origin: string | undefined): boolean | undefined {
  let result: boolean | undefined;
  fn(origin, (_err, allow) => (result = allow));
  return result;
}

describe('corsOptions', () => {
  it('logs a refused origin once, at debug level', () => {
    const debug = jest.fn();
    const options = corsOptions(['https://app.example'], { debug });
    const origin = options.origin as OriginFn;
    expect(decide(origin, 'https://app.example')).toBe(true);
    expect(decide(origin, undefined)).toBe(true);
    expect(decide(origin, 'https://evil.example')).toBe(false);
    expect(decide(origin, 'https://evil.example')).toBe(false);
    expect(debug).toHaveBeenCalledTimes(1);
    expect(debug).toHaveBeenCalledWith(expect.stringContaining('"https://evil.example"'));
  });

  it('bounds how many distinct refused origins it remembers', () => {
    const debug = jest.fn();
    const origin = corsOptions([], { debug }).origin as OriginFn;
    for (let i = 0; i < 500; i++) {
      decide(origin, `https://x${i}.example`);
    }
    expect(debug).toHaveBeenCalledTimes(100);
  });

  it('allows any origin without credentials for "*"', () => {
    expect(corsOptions(['*'], { debug: jest.fn() })).toMatchObject({
      origin: '*',
      credentials: false,
    });
  });
});
