import { randomBytes } from 'node:crypto';
import { FieldCipher, FieldIntegrityError, type FieldKey } from './field-cipher';

const key = (id: string): FieldKey => ({ id, key: randomBytes(32) });

describe('FieldCipher', () => {
  const k1 = key('k1');
  const k2 = key('k2');

  it('round-trips text, JSON and bytes; every value gets a fresh IV', () => {
    const cipher = new FieldCipher([k1], 'k1');
    const a = cipher.seal('Persistent cough, 3 weeks', 'rec1:chiefComplaint');
    const b = cipher.seal('Persistent cough, 3 weeks', 'rec1:chiefComplaint');
    expect(a).not.toBe(b);
    expect(a).not.toContain('cough');
    expect(cipher.open(a, 'rec1:chiefComplaint')).toBe('Persistent cough, 3 weeks');
    expect(
      cipher.openJson(cipher.sealJson({ heartRate: 72 }, 'rec1:vitals'), 'rec1:vitals'),
    ).toEqual({
      heartRate: 72,
    });
    const bytes = randomBytes(1000);
    expect(cipher.openBytes(cipher.sealBytes(bytes, 'doc:content'), 'doc:content')).toEqual(bytes);
    expect(cipher.keyIdOf(a)).toBe('k1');
  });

  it('a value does not open under another record or field (the AAD)', () => {
    const cipher = new FieldCipher([k1], 'k1');
    const sealed = cipher.seal('Type 2 diabetes', 'rec1:diagnosis');
    expect(() => cipher.open(sealed, 'rec2:diagnosis')).toThrow(FieldIntegrityError);
    expect(() => cipher.open(sealed, 'rec1:plan')).toThrow(
      expect.objectContaining({ reason: 'authentication_failed' }),
    );
  });

  it('an altered, truncated or garbage value is an integrity error, never the plaintext', () => {
    const cipher = new FieldCipher([k1], 'k1');
    const raw = cipher.sealBytes(Buffer.from('secret'), 'a');
    const flipped = Buffer.from(raw);
    flipped[flipped.length - 1] ^= 1;
    expect(() => cipher.openBytes(flipped, 'a')).toThrow(FieldIntegrityError);
    expect(() => cipher.openBytes(raw.subarray(0, 10), 'a')).toThrow(
      expect.objectContaining({ reason: 'malformed' }),
    );
    expect(() => cipher.open('not a sealed value', 'a')).toThrow(FieldIntegrityError);
    expect(() => cipher.open('', 'a')).toThrow(FieldIntegrityError);
  });

  it('rotation: new values use the active key, old ones still open; a dropped key does not', () => {
    const before = new FieldCipher([k1], 'k1');
    const old = before.seal('Amoxicillin 500 mg', 'p1:medication');
    const after = new FieldCipher([k2, k1], 'k2');
    expect(after.open(old, 'p1:medication')).toBe('Amoxicillin 500 mg');
    const fresh = after.seal('Amoxicillin 500 mg', 'p1:medication');
    expect(after.keyIdOf(fresh)).toBe('k2');
    expect(() => before.open(fresh, 'p1:medication')).toThrow(
      expect.objectContaining({ reason: 'unknown_key' }),
    );
    const same = new FieldCipher([{ id: 'k1', key: k2.key }], 'k1');
    expect(() => same.open(old, 'p1:medication')).toThrow(FieldIntegrityError);
  });

  it('refuses a bad key ring', () => {
    expect(() => new FieldCipher([{ id: 'k', key: randomBytes(16) }], 'k')).toThrow(/32 bytes/);
    expect(() => new FieldCipher([k1], 'k2')).toThrow(/not in the key ring/);
    expect(() => new FieldCipher([k1, k1], 'k1')).toThrow(/twice/);
  });

  it('its errors never carry the value', () => {
    const cipher = new FieldCipher([k1], 'k1');
    const sealed = cipher.seal('HIV positive', 'r:diagnosis');
    try {
      cipher.open(sealed, 'x:diagnosis');
      throw new Error('opened');
    } catch (err) {
      expect(String((err as Error).message)).not.toMatch(/HIV/);
    }
  });
});
