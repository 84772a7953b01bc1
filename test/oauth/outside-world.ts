/**
 * Google and GitHub are outside the machine: for one test file, the URLs Better Auth calls
 * (hard-coded in its providers) answer from a loopback provider. Every other fetch goes where it
 * was going. Returns the function that puts the real fetch back.
 */
export function answerFromLoopback(endpoints: Record<string, string>, address: string) {
  const realFetch = globalThis.fetch;
  globalThis.fetch = (input, init) => {
    const url = new URL(input instanceof Request ? input.url : String(input));
    const path = endpoints[`${url.origin}${url.pathname}`];
    if (!path) return realFetch(input, init);
    const target = new URL(`${address}${path}${url.search}`);
    return input instanceof Request
      ? realFetch(new Request(target, input), init)
      : realFetch(target, init);
  };
  return () => {
    globalThis.fetch = realFetch;
  };
}
