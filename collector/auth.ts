import { createHash, timingSafeEqual } from 'node:crypto';
import { HttpFailure } from './http-failure.js';

function sha256(text: string): Buffer {
  return createHash('sha256').update(text).digest();
}

/**
 * Checks `Authorization: Bearer <token>` against the configured token (401
 * otherwise). Both sides are hashed first so the comparison is constant-time
 * and does not leak the token's length either.
 */
export function createBearerAuth(token: string): (authorization: string | undefined) => void {
  const expected = sha256(token);
  return (authorization) => {
    const match = /^bearer\s+(\S+)\s*$/i.exec(authorization ?? '');
    if (match?.[1] !== undefined && timingSafeEqual(sha256(match[1]), expected)) return;
    throw new HttpFailure(
      401,
      authorization === undefined ? 'missing Authorization header; send "Authorization: Bearer <token>"' : 'invalid bearer token',
      { 'WWW-Authenticate': 'Bearer' },
    );
  };
}
