import {
  ChainVerifier,
  GENESIS_HASH,
  canonicalize,
  hashEntry,
  type ChainHead,
  type ChainLink,
} from './audit-chain';

function chainOf(n: number): { links: ChainLink[]; head: ChainHead } {
  const links: ChainLink[] = [];
  let prevHash = GENESIS_HASH;
  for (let seq = 1; seq <= n; seq++) {
    const fields = {
      seq,
      id: seq.toString(16).padStart(24, '0'),
      at: new Date(Date.UTC(2026, 11, 1, 10, 0, seq)),
      actorId: 'a'.repeat(24),
      actorRole: 'doctor',
      patientId: 'b'.repeat(24),
      resourceType: 'encounter',
      resourceId: 'c'.repeat(24),
      action: 'read',
      purpose: 'treatment',
      outcome: 'allowed',
      reason: null,
      requestId: `req-${seq}`,
      ip: '127.0.0.1',
      breakGlassGrantId: null,
    };
    const hash = hashEntry(fields, prevHash);
    links.push({ ...fields, prevHash, hash });
    prevHash = hash;
  }
  return { links, head: { seq: n, hash: prevHash } };
}

function verify(links: ChainLink[], head: ChainHead) {
  const v = new ChainVerifier(head);
  for (const link of links) {
    if (!v.push(link)) {
      break;
    }
  }
  return v.finish();
}

describe('audit chain', () => {
  it('serializes canonically: the same fields in another property order hash the same', () => {
    const { links } = chainOf(1);
    const { hash: _h, prevHash, ...fields } = links[0];
    const reordered = Object.fromEntries(Object.entries(fields).reverse()) as typeof fields;
    expect(canonicalize(reordered, prevHash)).toBe(canonicalize(fields, prevHash));
    expect(hashEntry(reordered, prevHash)).toBe(links[0].hash);
    expect(hashEntry(fields, prevHash)).toMatch(/^[0-9a-f]{64}$/);
  });

  it('moving a value to another field changes the hash', () => {
    const { links } = chainOf(1);
    const swapped = { ...links[0], actorId: links[0].patientId, patientId: links[0].actorId };
    expect(hashEntry(swapped, GENESIS_HASH)).not.toBe(links[0].hash);
  });

  it('an intact chain verifies, an empty one too', () => {
    const { links, head } = chainOf(5);
    expect(verify(links, head)).toEqual({ intact: true, checked: 5, head, firstBreak: null });
    expect(verify([], { seq: 0, hash: GENESIS_HASH })).toMatchObject({ intact: true, checked: 0 });
  });

  it('finds an edited entry', () => {
    const { links, head } = chainOf(5);
    links[2] = { ...links[2], patientId: 'd'.repeat(24) };
    expect(verify(links, head).firstBreak).toEqual({ seq: 3, reason: 'hash_mismatch' });
  });

  it('finds an edited entry whose hash was recomputed (the next entry no longer points at it)', () => {
    const { links, head } = chainOf(5);
    const edited = { ...links[1], outcome: 'denied' };
    links[1] = { ...edited, hash: hashEntry(edited, edited.prevHash) };
    expect(verify(links, head).firstBreak).toEqual({ seq: 3, reason: 'prev_hash_mismatch' });
  });

  it('finds a deleted entry, in the middle and at the end', () => {
    const { links, head } = chainOf(5);
    expect(verify([...links.slice(0, 2), ...links.slice(3)], head).firstBreak).toEqual({
      seq: 3,
      reason: 'missing_entry',
    });
    expect(verify(links.slice(0, 4), head)).toMatchObject({
      intact: false,
      checked: 4,
      firstBreak: { seq: 5, reason: 'missing_entry' },
    });
  });

  it('finds entries swapped in order (their numbers swapped too)', () => {
    const { links, head } = chainOf(5);
    const a = { ...links[3], seq: 3 };
    const b = { ...links[2], seq: 4 };
    expect(verify([links[0], links[1], a, b, links[4]], head).firstBreak).toEqual({
      seq: 3,
      reason: 'hash_mismatch',
    });
  });

  it('finds a rewritten tail against the head', () => {
    const { links, head } = chainOf(3);
    const forged = chainOf(3).links.map((l, i) => (i < 2 ? links[i] : l));
    const { hash: _h, prevHash: _p, ...fields } = forged[2];
    forged[2] = { ...forged[2], ...fields, requestId: 'forged' };
    forged[2].hash = hashEntry(forged[2], forged[2].prevHash);
    expect(verify(forged, head).firstBreak).toEqual({ seq: 3, reason: 'head_mismatch' });
  });
});
