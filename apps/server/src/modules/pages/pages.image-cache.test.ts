import { describe, expect, it } from 'vitest';
import { createPageImageCache } from './pages.image-cache.ts';

const rendering = (size: number, fill = 1) => ({
  bytes: new Uint8Array(size).fill(fill),
  contentType: 'image/webp',
});

describe('page image cache', () => {
  it('renders once per key and hands the same rendering back', async () => {
    const cache = createPageImageCache({ maxBytes: 1000 });
    let renders = 0;
    const render = async () => {
      renders++;
      return rendering(10);
    };
    const a = await cache.getOrRender({ key: 'k', render });
    const b = await cache.getOrRender({ key: 'k', render });
    expect(b).toBe(a);
    expect(renders).toBe(1);
    expect(cache.stats()).toMatchObject({ entries: 1, usedBytes: 10, hits: 1, misses: 1 });
  });

  it('shares a rendering in progress with a second request for it', async () => {
    const cache = createPageImageCache({ maxBytes: 1000 });
    let release: () => void = () => undefined;
    let renders = 0;
    const render = () => {
      renders++;
      return new Promise<ReturnType<typeof rendering>>((resolve) => {
        release = () => resolve(rendering(5));
      });
    };
    const first = cache.getOrRender({ key: 'k', render });
    const second = cache.getOrRender({ key: 'k', render });
    release();
    expect(await second).toBe(await first);
    expect(renders).toBe(1);
  });

  it('drops the least recently used renderings beyond its byte budget', async () => {
    const cache = createPageImageCache({ maxBytes: 30 });
    const put = (key: string) => cache.getOrRender({ key, render: async () => rendering(10) });
    await put('a');
    await put('b');
    await put('c');
    await put('a'); // a is now the most recently used; b the least
    await put('d');
    expect(cache.stats()).toMatchObject({ entries: 3, usedBytes: 30 });
    let rendered = false;
    await cache.getOrRender({
      key: 'b',
      render: async () => {
        rendered = true;
        return rendering(10);
      },
    });
    expect(rendered).toBe(true);
    // a survived (used after b), and so did d.
    let again = false;
    await cache.getOrRender({
      key: 'a',
      render: async () => {
        again = true;
        return rendering(10);
      },
    });
    expect(again).toBe(false);
  });

  it('keeps no failed rendering and never one larger than the whole budget', async () => {
    const cache = createPageImageCache({ maxBytes: 8 });
    await expect(
      cache.getOrRender({ key: 'k', render: () => Promise.reject(new Error('bad scan')) }),
    ).rejects.toThrow('bad scan');
    await cache.getOrRender({ key: 'k', render: async () => rendering(9) });
    expect(cache.stats()).toMatchObject({ entries: 0, usedBytes: 0 });
  });
});
