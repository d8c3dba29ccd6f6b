import { describe, expect, it } from 'vitest';
import {
  noteViewerImageShown,
  viewerImageShownAfter,
  viewerImagesShown,
} from './viewer-first-image.ts';

describe('viewer first image signal', () => {
  it('resolves when an image is shown after the count, at once when one already was', async () => {
    const before = viewerImagesShown();
    let done = false;
    const waiting = viewerImageShownAfter(before, 60_000).then(() => {
      done = true;
    });
    await Promise.resolve();
    expect(done).toBe(false);
    noteViewerImageShown();
    await waiting;
    expect(done).toBe(true);
    // Shown before anyone waited: no wait at all.
    await viewerImageShownAfter(before, 60_000);
  });

  it('gives up after the timeout when no image comes', async () => {
    const started = Date.now();
    await viewerImageShownAfter(viewerImagesShown(), 20);
    expect(Date.now() - started).toBeGreaterThanOrEqual(15);
  });
});
