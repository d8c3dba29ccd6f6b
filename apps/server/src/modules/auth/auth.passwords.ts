import { randomBytes, scrypt, timingSafeEqual, type ScryptOptions } from 'node:crypto';

/*
 * scrypt from node:crypto (no native addon to build on an office PC). Stored as
 * `scrypt$<logN>$<r>$<p>$<salt b64>$<hash b64>` so the cost can be raised later and old hashes still verify.
 */

const KEY_LENGTH = 32;

function scryptAsync(password: string, salt: Buffer, options: ScryptOptions): Promise<Buffer> {
  return new Promise((resolve, reject) => {
    scrypt(password.normalize('NFC'), salt, KEY_LENGTH, options, (error, key) =>
      error ? reject(error) : resolve(key),
    );
  });
}

const optionsFor = (logN: number, r: number, p: number): ScryptOptions => ({
  N: 2 ** logN,
  r,
  p,
  // Node's default maxmem (32 MiB) is exactly 128·N·r at logN 15; leave headroom.
  maxmem: 256 * 2 ** logN * r + 1024 * 1024,
});

export async function hashPassword({ password, cost = 15 }: { password: string; cost?: number }) {
  const salt = randomBytes(16);
  const key = await scryptAsync(password, salt, optionsFor(cost, 8, 1));
  return { hash: `scrypt$${cost}$8$1$${salt.toString('base64')}$${key.toString('base64')}` };
}

export async function verifyPassword({ password, hash }: { password: string; hash: string }) {
  const [scheme, logN, r, p, salt, expected] = hash.split('$');
  if (scheme !== 'scrypt' || !logN || !r || !p || !salt || !expected) {
    return { valid: false };
  }
  const expectedKey = Buffer.from(expected, 'base64');
  const key = await scryptAsync(
    password,
    Buffer.from(salt, 'base64'),
    optionsFor(Number(logN), Number(r), Number(p)),
  );
  return { valid: key.length === expectedKey.length && timingSafeEqual(key, expectedKey) };
}

/** ≥ 10 characters with at least one letter and one digit; no upper bound below 256 (schema). */
export function isAcceptablePassword({ password }: { password: string }): boolean {
  return password.length >= 10 && /\p{L}/u.test(password) && /\p{N}/u.test(password);
}

/**
 * A hash of a random password, verified against when the username is unknown, so that a failed
 * login costs the same time whether or not the account exists.
 */
let dummyHash: Promise<string> | undefined;
export function getDummyHash({ cost }: { cost: number }): Promise<string> {
  dummyHash ??= hashPassword({ password: randomBytes(12).toString('hex'), cost }).then(
    (h) => h.hash,
  );
  return dummyHash;
}
