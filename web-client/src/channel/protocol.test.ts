// Unit tests for the team channel's frames (protocol.ts), run by `npm run test:unit`.
import assert from 'node:assert/strict';
import test from 'node:test';

import { msg } from './fixtures.js';
import { MAX_TEXT_BYTES, parseFrame, utf8Length } from './protocol.js';

const seqOf = (text: string) => (parseFrame(text) as { seq?: number }).seq;

test('protocol: frames are parsed defensively; text limits', () => {
  assert.equal(parseFrame('not json'), undefined);
  assert.equal(parseFrame('[1]'), undefined);
  assert.equal(parseFrame('{"type":"nope"}'), undefined);
  assert.equal(parseFrame('{"type":"message","seq":"x"}'), undefined);
  assert.equal(seqOf(JSON.stringify({ type: 'message', ...msg(3) })), 3);
  assert.equal(seqOf('{"type":"ack","clientId":"c","seq":4,"id":"i","sentAt":"t","childId":"x"}'), 4);
  assert.equal(utf8Length('åäö'), 6);
  assert.equal(MAX_TEXT_BYTES, 16384);
});
