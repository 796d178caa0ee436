import { SerializedJson } from './serialized-json';

describe('SerializedJson', () => {
  const value = { doctorId: 'd1', days: [{ date: '2026-12-04', note: 'é "quoted" \u2028' }] };

  it('is exactly the envelope res.json would send, serialised once', () => {
    const body = new SerializedJson(value);
    const etagOf = jest.fn((text: string) => `W/"${text.length}"`);
    const first = body.enveloped('Slots', etagOf);
    expect(first.text).toBe(JSON.stringify({ success: true, message: 'Slots', data: value }));
    expect(JSON.parse(first.text)).toEqual({ success: true, message: 'Slots', data: value });
    expect(first.etag).toBe(`W/"${first.text.length}"`);
    // The same text object again, without serialising or hashing again.
    expect(body.enveloped('Slots', etagOf).text).toBe(first.text);
    expect(etagOf).toHaveBeenCalledTimes(1);
    expect(body.text()).toBe(JSON.stringify(value));
  });

  it('makes a new envelope for another message, and none of an ETag when the app has none', () => {
    const body = new SerializedJson(value);
    expect(body.enveloped('A "quoted" message', undefined)).toEqual({
      text: JSON.stringify({ success: true, message: 'A "quoted" message', data: value }),
      etag: undefined,
    });
  });
});
