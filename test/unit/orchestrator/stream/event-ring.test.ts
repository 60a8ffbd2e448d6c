import { describe, expect, it } from 'vitest';
import { EventRing } from '../../../../orchestrator/stream/event-ring.js';

const frameOf = (text: string) => (id: number) => `id: ${id}\ndata: ${text}\n\n`;

function ringWith(events: number, maxEvents: number, maxBytes = 1 << 20, firstId = 1): EventRing {
  const ring = new EventRing(maxEvents, maxBytes, firstId);
  for (let i = 0; i < events; i++) ring.push('t', frameOf(String(i)));
  return ring;
}

const ids = (ring: EventRing, lastId: number) => {
  const missed = ring.since(lastId);
  return missed.kind === 'gone' ? 'gone' : missed.events.map((e) => e.id);
};

describe('EventRing', () => {
  it('hands out increasing ids from the first id', () => {
    const ring = new EventRing(10, 1 << 20, 500);
    expect(ring.lastId).toBe(499);
    expect([ring.push('a', frameOf('x')).id, ring.push('b', frameOf('y')).id]).toEqual([500, 501]);
    expect(ring.lastId).toBe(501);
  });

  it('owes a client exactly the events after its last id', () => {
    const ring = ringWith(5, 10);
    expect(ids(ring, 0)).toEqual([1, 2, 3, 4, 5]);
    expect(ids(ring, 3)).toEqual([4, 5]);
    expect(ids(ring, 5)).toEqual([]);
  });

  it('says gone when the missed events are no longer kept, or the id was never handed out', () => {
    const ring = ringWith(12, 10);
    expect(ids(ring, 2)).toEqual([3, 4, 5, 6, 7, 8, 9, 10, 11, 12]);
    expect(ids(ring, 1)).toBe('gone');
    expect(ids(ring, 13)).toBe('gone');
  });

  it('keeps no more bytes than allowed, but always the newest event', () => {
    const ring = new EventRing(100, 40, 1);
    for (let i = 0; i < 5; i++) ring.push('t', frameOf('0123456789'));
    // Each frame is 25 bytes: one fits under 40.
    expect(ids(ring, 4)).toEqual([5]);
    expect(ids(ring, 3)).toBe('gone');
    ring.push('t', frameOf('x'.repeat(100)));
    expect(ids(ring, 5)).toEqual([6]);
  });

  it('stays correct over many times its size (the dropped prefix is compacted)', () => {
    const ring = ringWith(1000, 7);
    expect(ids(ring, 993)).toEqual([994, 995, 996, 997, 998, 999, 1000]);
    expect(ids(ring, 992)).toBe('gone');
  });

  it('with nothing published, owes nothing to a client at the start and gone to any other', () => {
    const ring = new EventRing(10, 1000, 100);
    expect(ids(ring, 99)).toEqual([]);
    expect(ids(ring, 50)).toBe('gone');
  });
});
