import { describe, expect, it } from 'vitest';
import { createTurnCollector } from '../../../../agent-shim/claude/transcript-turns.js';

const assistant = (id: string, stopReason: string | null, extra: Record<string, unknown> = {}) => ({
  type: 'assistant',
  timestamp: '2026-11-25T11:22:11.300Z',
  requestRef: `ref-${id}`,
  message: { id, model: 'claude-opus-4-5', stop_reason: stopReason, usage: { input_tokens: 3, output_tokens: 4, cache_read_input_tokens: 5 } },
  ...extra,
});
const apiRequest = (id: string) => ({ type: 'api-request', id: `ref-${id}`, timestamp: '2026-11-25T11:22:11.000Z' });

describe('model turns from a transcript', () => {
  it('takes the start from the api-request entry and the end from the assistant entry', () => {
    const [turn] = createTurnCollector(0).add([apiRequest('m1'), assistant('m1', 'end_turn')]);
    expect(turn).toEqual({
      messageId: 'm1',
      requestModel: 'claude-opus-4-5',
      responseModel: 'claude-opus-4-5',
      finishReason: 'end_turn',
      tokens: { inputTokens: 3, outputTokens: 4, cacheReadInputTokens: 5, cacheCreationInputTokens: 0 },
      startMs: Date.parse('2026-11-25T11:22:11.000Z'),
      endMs: Date.parse('2026-11-25T11:22:11.300Z'),
    });
  });

  it('reports a turn written as several blocks, over several reads, once', () => {
    const turns = createTurnCollector(0);
    expect(turns.add([assistant('m1', 'tool_use')])).toHaveLength(1);
    expect(turns.add([assistant('m1', 'tool_use'), { type: 'user' }])).toEqual([]);
    expect(turns.drain()).toEqual([]);
  });

  it('waits for the last block of a turn still streaming, and reports it when the next turn starts or at the end', () => {
    const turns = createTurnCollector(0);
    expect(turns.add([assistant('m1', null)])).toEqual([]);
    expect(turns.add([assistant('m2', null)]).map((t) => t.messageId)).toEqual(['m1']);
    expect(turns.drain().map((t) => [t.messageId, t.finishReason])).toEqual([['m2', undefined]]);
  });

  it('skips synthetic turns, entries of other kinds, and turns older than the run', () => {
    const turns = createTurnCollector(Date.parse('2026-11-25T12:00:00Z'));
    expect(turns.add([assistant('m1', 'end_turn'), { type: 'assistant', message: 'odd' }, 'text'])).toEqual([]);
    const synthetic = assistant('m2', 'end_turn', { timestamp: '2026-11-25T12:00:01Z' });
    (synthetic.message as { model: string }).model = '<synthetic>';
    expect(turns.add([synthetic])).toEqual([]);
  });
});
