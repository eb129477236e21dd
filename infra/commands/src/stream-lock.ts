/**
 * In-process, per-stream serialisation of commands: concurrent commands on one stream in one process
 * take turns instead of racing to the same expected revision and retrying (work done twice). Writers
 * in other processes are still handled by the expected-revision check and a retry.
 */
const tails = new Map<string, Promise<unknown>>();

export function withStreamLock<T>(streamId: string, work: () => Promise<T>): Promise<T> {
  const previous = tails.get(streamId) ?? Promise.resolve();
  const run = previous.then(work, work);
  const tail = run.then(
    () => undefined,
    () => undefined,
  );
  tails.set(streamId, tail);
  void tail.then(() => {
    if (tails.get(streamId) === tail) tails.delete(streamId);
  });
  return run;
}
