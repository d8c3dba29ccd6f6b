import { readFileSync } from 'node:fs';
import { createError } from '../../../shared/errors/errors.ts';
import type { BlobDriversConfig } from '../../blobs.config.ts';
import { parseEncryptionKey, type BlobKeyring } from './encrypted.format.ts';

/** Reads one base64 key file (its content is never echoed in an error). */
export function readKeyFile({ file }: { file: string }): Buffer {
  let text: string;
  try {
    text = readFileSync(file, 'utf8');
  } catch (error) {
    throw createError({
      code: 'config.invalid',
      message: `Không đọc được tệp khóa ${file} / Cannot read key file ${file}`,
      cause: error,
    });
  }
  return parseEncryptionKey({ value: text, source: file });
}

/** The keyring the config names, or null when encryption at rest is off. */
export function loadBlobKeyring({
  config,
}: {
  config: Pick<
    BlobDriversConfig,
    'encryptionKey' | 'encryptionKeyFile' | 'previousEncryptionKeyFiles'
  >;
}): BlobKeyring | null {
  const current = config.encryptionKey
    ? parseEncryptionKey({ value: config.encryptionKey, source: 'SOHOA_BLOB_ENCRYPTION_KEY' })
    : config.encryptionKeyFile
      ? readKeyFile({ file: config.encryptionKeyFile })
      : null;
  if (!current) {
    return null;
  }
  return {
    current,
    previous: config.previousEncryptionKeyFiles.map((file) => readKeyFile({ file })),
  };
}
