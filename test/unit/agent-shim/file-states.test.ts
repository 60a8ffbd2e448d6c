import { describe, expect, it } from 'vitest';
import { FileStates } from '../../../agent-shim/fs-watch/file-states.js';

const file = (content: string) => ({ exists: true, hash: `h(${content})`, content });

describe('the last known state of files', () => {
  it('keeps contents within its budget, dropping the least recently changed first but keeping their hashes', () => {
    const states = new FileStates(10, 10);
    states.set('a', file('aaaa'));
    states.set('b', file('bbbb'));
    states.set('a', file('AAAA'));
    states.set('c', file('cccc'));
    expect(states.keptContentBytes).toBe(8);
    expect(states.get('b')).toEqual({ exists: true, hash: 'h(bbbb)', content: undefined });
    expect(states.get('a')?.content).toBe('AAAA');
    expect(states.get('c')?.content).toBe('cccc');
  });

  it('never keeps a content larger than the per-file limit', () => {
    const states = new FileStates(100, 4);
    states.set('big', file('12345'));
    expect(states.get('big')).toEqual({ exists: true, hash: 'h(12345)', content: undefined });
    expect(states.keptContentBytes).toBe(0);
  });

  it('forgets a deleted file', () => {
    const states = new FileStates(100, 100);
    states.set('a', file('x'));
    states.set('a', undefined);
    expect(states.get('a')).toBeUndefined();
    expect(states.keptContentBytes).toBe(0);
  });
});
