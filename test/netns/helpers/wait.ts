// Waiting for a condition with a deadline; the error says what was awaited.

export function sleep(ms: number): Promise<void> {
  return new Promise((resolve) => setTimeout(resolve, ms));
}

/** Polls `check` every intervalMs until it returns true; rejects after timeoutMs. Returns the wait in ms. */
export async function waitFor(
  what: string,
  check: () => boolean,
  timeoutMs = 5000,
  intervalMs = 10,
  detail: () => string = () => '',
): Promise<number> {
  const started = Date.now();
  for (;;) {
    if (check()) return Date.now() - started;
    if (Date.now() - started > timeoutMs)
      throw new Error(`timed out after ${timeoutMs} ms waiting for ${what}\n${detail()}`);
    await sleep(intervalMs);
  }
}

/** Asserts that `check` stays true for holdMs (polled); rejects at the first false. */
export async function holds(
  what: string,
  check: () => boolean,
  holdMs: number,
  intervalMs = 20,
): Promise<void> {
  const started = Date.now();
  while (Date.now() - started < holdMs) {
    if (!check()) throw new Error(`${what} stopped holding after ${Date.now() - started} ms`);
    await sleep(intervalMs);
  }
}
