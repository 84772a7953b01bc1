import "server-only";
import type { FeedMessage } from "./feed-channel";

/**
 * One SUBSCRIBE stream over Upstash's REST API (POST /subscribe/<channel>, answered with
 * server-sent events), read here rather than through @upstash/redis's subscribe(): the client
 * says nothing when an open stream ends, and a feed must know to catch up.
 */
export async function openSubscribeStream(options: {
  url: string;
  token: string;
  channel: string;
  onMessage: (message: FeedMessage) => void;
  /** The stream ended or failed after it was confirmed (not by the returned close). */
  onDrop: () => void;
  timeoutMs: number;
}): Promise<() => void> {
  const abort = new AbortController();
  const timer = setTimeout(
    () => abort.abort(new Error(`SUBSCRIBE took longer than ${options.timeoutMs} ms`)),
    options.timeoutMs,
  );
  let confirm: () => void = () => {};
  const confirmed = new Promise<void>((resolve) => {
    confirm = resolve;
  });
  try {
    // The same request as the client's SubscribeCommand: the channel as it is, in the path.
    const response = await fetch(`${options.url}/subscribe/${options.channel}`, {
      method: "POST",
      headers: {
        authorization: `Bearer ${options.token}`,
        accept: "text/event-stream",
        "content-type": "application/json",
      },
      body: "[]",
      signal: abort.signal,
    });
    if (!response.ok || !response.body) throw new Error(`SUBSCRIBE answered ${response.status}`);
    const reading = read(response.body, options.onMessage, confirm);
    // A stream that ends before it confirms is a failed subscribe, not a drop.
    const ended = reading.then(
      () => "ended" as const,
      () => "ended" as const,
    );
    if ((await Promise.race([confirmed.then(() => "confirmed" as const), ended])) === "ended") {
      throw new Error("SUBSCRIBE stream ended before it was confirmed");
    }
    clearTimeout(timer);
    void ended.then(() => {
      if (!abort.signal.aborted) options.onDrop();
    });
    return () => abort.abort();
  } catch (error) {
    // Timed out: say so, rather than what the abort did to the read.
    const reason: unknown = abort.signal.aborted ? abort.signal.reason : error;
    abort.abort();
    throw reason;
  } finally {
    clearTimeout(timer);
  }
}

/** Reads `data: subscribe,...` (the confirmation) and `data: message,<channel>,<json>` lines. */
async function read(
  body: ReadableStream<Uint8Array>,
  onMessage: (message: FeedMessage) => void,
  confirm: () => void,
): Promise<void> {
  const decoder = new TextDecoder();
  let buffer = "";
  const reader = body.getReader();
  for (let chunk = await reader.read(); !chunk.done; chunk = await reader.read()) {
    buffer += decoder.decode(chunk.value, { stream: true });
    const lines = buffer.split("\n");
    buffer = lines.pop() ?? "";
    for (const line of lines) {
      if (!line.startsWith("data: ")) continue;
      const [type = "", , ...rest] = line.slice(6).split(",");
      if (type === "subscribe") confirm();
      if (type !== "message") continue;
      let message: unknown;
      try {
        message = JSON.parse(rest.join(","));
      } catch {
        continue;
      }
      // Anything else on the channel (a stray PUBLISH by hand) is not ours to act on.
      if (typeof message === "object" && message !== null) onMessage(message as FeedMessage);
    }
  }
}
