import { createCipheriv, createDecipheriv, createHash, randomBytes } from 'node:crypto';
import { createError } from '../../../shared/errors/errors.ts';

/*
 * On-disk format of an encrypted blob (AES-256-GCM, docs/security.md):
 *
 *   header (24 bytes): "SOHOAENC" | version u8 (1) | key id (8 bytes) | chunk size u32 BE | 3 zero bytes
 *   then ceil(n / chunkSize) chunks (one empty chunk for an empty blob), each:
 *     nonce (12 random bytes) | ciphertext (≤ chunkSize bytes) | GCM tag (16 bytes)
 *
 * Every chunk has its own random nonce and tag, and authenticates (as AAD) the header, its index
 * and whether it is the last chunk: chunks cannot be altered, reordered, swapped between blobs of
 * different keys, or dropped from the end without the read failing. A ranged read decrypts only the
 * chunks it covers. The plaintext size follows from the file size, so `stat` needs no decryption.
 */
export const MAGIC = Buffer.from('SOHOAENC', 'ascii');
export const HEADER_BYTES = 24;
export const NONCE_BYTES = 12;
export const TAG_BYTES = 16;
export const CHUNK_OVERHEAD = NONCE_BYTES + TAG_BYTES;
export const DEFAULT_CHUNK_BYTES = 64 * 1024;

export type BlobKeyring = {
  /** Encrypts every new blob. */
  current: Buffer;
  /** Older keys still accepted for reading (during and after a rotation). */
  previous?: Buffer[];
};

/** A short public fingerprint naming a key in blob headers (never the key itself). */
export function keyIdOf(key: Buffer): Buffer {
  return createHash('sha256').update('sohoa-blob-key-id').update(key).digest().subarray(0, 8);
}

/** Parses a base64 key (32 bytes once decoded) from config or a key file. */
export function parseEncryptionKey({ value, source }: { value: string; source: string }): Buffer {
  const key = Buffer.from(value.trim(), 'base64');
  if (key.length !== 32) {
    throw createError({
      code: 'config.invalid',
      // Never echo the value: it is (or is close to) a secret.
      message: `Khóa mã hóa không hợp lệ (${source}): cần 32 byte mã base64 / Invalid encryption key (${source}): 32 bytes, base64-encoded (openssl rand -base64 32).`,
    });
  }
  return key;
}

export function createBlobCorruptedError({ key, reason }: { key: string; reason: string }) {
  return createError({
    code: 'blob.corrupted',
    message: `Stored file failed its integrity check (${reason}).`,
    details: { key, reason },
  });
}

export function buildHeader({ key, chunkBytes }: { key: Buffer; chunkBytes: number }): Buffer {
  const header = Buffer.alloc(HEADER_BYTES);
  MAGIC.copy(header, 0);
  header.writeUInt8(1, 8);
  keyIdOf(key).copy(header, 9);
  header.writeUInt32BE(chunkBytes, 17);
  return header;
}

export function isEncryptedHeader(head: Uint8Array): boolean {
  return head.byteLength >= HEADER_BYTES && Buffer.from(head.subarray(0, 8)).equals(MAGIC);
}

export function parseHeader({ head, key }: { head: Buffer; key: string }) {
  if (!isEncryptedHeader(head) || head.readUInt8(8) !== 1) {
    throw createBlobCorruptedError({ key, reason: 'unknown header' });
  }
  const chunkBytes = head.readUInt32BE(17);
  if (chunkBytes < 1 || chunkBytes > 16 * 1024 * 1024) {
    throw createBlobCorruptedError({ key, reason: 'bad chunk size' });
  }
  return {
    keyId: Buffer.from(head.subarray(9, 17)),
    chunkBytes,
    header: Buffer.from(head.subarray(0, HEADER_BYTES)),
  };
}

/** Plaintext size and chunk count of an encrypted file of `fileBytes` bytes, or null if impossible. */
export function layoutOf({ fileBytes, chunkBytes }: { fileBytes: number; chunkBytes: number }) {
  const body = fileBytes - HEADER_BYTES;
  if (body < CHUNK_OVERHEAD) {
    return null;
  }
  const chunks = Math.ceil(body / (chunkBytes + CHUNK_OVERHEAD));
  const plainBytes = body - chunks * CHUNK_OVERHEAD;
  const lastPlain = plainBytes - (chunks - 1) * chunkBytes;
  if (lastPlain < 0 || (chunks > 1 && lastPlain === 0)) {
    return null;
  }
  return { chunks, plainBytes };
}

const aadOf = (header: Buffer, index: number, last: boolean) => {
  const aad = Buffer.alloc(HEADER_BYTES + 5);
  header.copy(aad, 0);
  aad.writeUInt32BE(index, HEADER_BYTES);
  aad.writeUInt8(last ? 1 : 0, HEADER_BYTES + 4);
  return aad;
};

export function encryptChunk({
  key,
  header,
  index,
  last,
  plain,
}: {
  key: Buffer;
  header: Buffer;
  index: number;
  last: boolean;
  plain: Uint8Array;
}): Buffer {
  const nonce = randomBytes(NONCE_BYTES);
  const cipher = createCipheriv('aes-256-gcm', key, nonce);
  cipher.setAAD(aadOf(header, index, last));
  const body = Buffer.concat([cipher.update(plain), cipher.final()]);
  return Buffer.concat([nonce, body, cipher.getAuthTag()]);
}

export function decryptChunk({
  key,
  header,
  index,
  last,
  sealed,
  blobKey,
}: {
  key: Buffer;
  header: Buffer;
  index: number;
  last: boolean;
  sealed: Buffer;
  blobKey: string;
}): Buffer {
  if (sealed.length < CHUNK_OVERHEAD) {
    throw createBlobCorruptedError({ key: blobKey, reason: `chunk ${index} truncated` });
  }
  const nonce = sealed.subarray(0, NONCE_BYTES);
  const tag = sealed.subarray(sealed.length - TAG_BYTES);
  const decipher = createDecipheriv('aes-256-gcm', key, nonce);
  decipher.setAAD(aadOf(header, index, last));
  decipher.setAuthTag(tag);
  try {
    return Buffer.concat([
      decipher.update(sealed.subarray(NONCE_BYTES, sealed.length - TAG_BYTES)),
      decipher.final(),
    ]);
  } catch {
    throw createBlobCorruptedError({
      key: blobKey,
      reason: `chunk ${index} failed authentication`,
    });
  }
}

/**
 * Re-chunks a plaintext byte stream into fixed-size encrypted chunks. `push` receives the header
 * first, then each sealed chunk; the last chunk (possibly empty) is flagged in its AAD.
 */
export function createChunkEncryptor({
  key,
  chunkBytes,
  push,
}: {
  key: Buffer;
  chunkBytes: number;
  push: (bytes: Buffer) => Promise<void>;
}) {
  const header = buildHeader({ key, chunkBytes });
  let pending: Buffer[] = [];
  let pendingBytes = 0;
  let index = 0;
  let started = false;
  const start = async () => {
    if (!started) {
      started = true;
      await push(header);
    }
  };
  const take = (n: number) => {
    const all = Buffer.concat(pending);
    const head = all.subarray(0, n);
    const rest = all.subarray(n);
    pending = rest.length ? [Buffer.from(rest)] : [];
    pendingBytes = rest.length;
    return head;
  };
  return {
    write: async (chunk: Uint8Array) => {
      await start();
      pending.push(Buffer.from(chunk));
      pendingBytes += chunk.byteLength;
      // Keep at least one byte back: the final chunk must be sealed with last = true.
      while (pendingBytes > chunkBytes) {
        await push(encryptChunk({ key, header, index, last: false, plain: take(chunkBytes) }));
        index += 1;
      }
    },
    end: async () => {
      await start();
      await push(encryptChunk({ key, header, index, last: true, plain: take(pendingBytes) }));
    },
  };
}
