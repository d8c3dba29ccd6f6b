import { randomBytes } from 'node:crypto';
import { JOIN_CODE_ALPHABET, JOIN_CODE_LENGTH } from '@sohoa/contracts';

/**
 * A short join code read off the projector or said aloud: 6 characters of an alphabet without
 * look-alikes (31 symbols, about 8.9 × 10⁸ codes). Codes only let a logged-in user who may read the
 * case join, so guessing one gains nothing; their shortness is for people, not for security.
 *
 * @example generateJoinCode() // 'K7MWQ3'
 */
export function generateJoinCode({
  random = (n: number) => randomBytes(n),
}: { random?: (n: number) => Uint8Array } = {}): string {
  let code = '';
  while (code.length < JOIN_CODE_LENGTH) {
    for (const byte of random(JOIN_CODE_LENGTH * 2)) {
      // Rejection sampling keeps every symbol equally likely (248 = 8 × 31).
      if (byte < 248 && code.length < JOIN_CODE_LENGTH) {
        code += JOIN_CODE_ALPHABET[byte % JOIN_CODE_ALPHABET.length];
      }
    }
  }
  return code;
}

/** Whether a session created with this expiry still accepts joins and pushes at `now`. */
export function isExpired({ expiresAt, now }: { expiresAt: Date; now: Date }): boolean {
  return now.getTime() >= expiresAt.getTime();
}
