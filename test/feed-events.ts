export interface FeedEvent {
  event: string;
  id?: string;
  data: unknown;
}

/** Reads server-sent events from a stream as they arrive. */
export function eventReader(stream: ReadableStream<Uint8Array>) {
  const reader = stream.getReader();
  const decoder = new TextDecoder();
  let buffer = "";
  let ended = false;
  let pending: Promise<ReadableStreamReadResult<Uint8Array>> | undefined;
  return {
    /** The next event, or "end" when the stream closed, or "timeout" when none came in `ms`. */
    async next(ms = 3000): Promise<FeedEvent | "end" | "timeout"> {
      const deadline = Date.now() + ms;
      for (;;) {
        const boundary = buffer.indexOf("\n\n");
        if (boundary >= 0) {
          const block = buffer.slice(0, boundary);
          buffer = buffer.slice(boundary + 2);
          const fields = Object.fromEntries(
            block
              .split("\n")
              .map((line) => [line.slice(0, line.indexOf(":")), line.slice(line.indexOf(":") + 2)]),
          );
          if (!fields.event) continue; // retry: and comments
          return { event: fields.event, id: fields.id, data: JSON.parse(fields.data ?? "null") };
        }
        if (ended) return "end";
        const left = deadline - Date.now();
        if (left <= 0) return "timeout";
        // A read still pending after a timeout is kept for the next call: no chunk is dropped.
        pending ??= reader.read();
        const chunk = await Promise.race([
          pending,
          new Promise<"timeout">((resolve) => setTimeout(() => resolve("timeout"), left)),
        ]);
        if (chunk === "timeout") return "timeout";
        pending = undefined;
        if (chunk.done) ended = true;
        else buffer += decoder.decode(chunk.value, { stream: true });
      }
    },
    cancel: () => reader.cancel(),
  };
}
