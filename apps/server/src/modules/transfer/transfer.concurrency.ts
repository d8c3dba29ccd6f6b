/** Runs `run` over `items`, at most `concurrency` at once; the first failure stops the others. */
export async function forEachConcurrently<T>({
  items,
  concurrency,
  run,
}: {
  items: readonly T[];
  concurrency: number;
  run: (item: T) => Promise<void>;
}) {
  let next = 0;
  let failed = false;
  const worker = async () => {
    while (!failed && next < items.length) {
      const item = items[next++]!;
      try {
        await run(item);
      } catch (error) {
        failed = true;
        throw error;
      }
    }
  };
  const results = await Promise.allSettled(
    Array.from({ length: Math.min(concurrency, items.length) }, worker),
  );
  const rejected = results.find((r): r is PromiseRejectedResult => r.status === 'rejected');
  if (rejected) {
    throw rejected.reason;
  }
}
