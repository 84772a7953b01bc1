import { restCallFor } from "@/lib/todos/view";
import { removeChange, waitingChanges } from "./store";

export type Send = (path: string, init: RequestInit) => Promise<Response>;

export interface ReplayResult {
  /** Saved, or already saved by an earlier replay whose answer was lost. */
  sent: number;
  /** Refused for good (a todo gone, a title no longer valid): dropped, with the server's reason. */
  dropped: string[];
  /** Still waiting: the network dropped, the server is busy, or the device was signed out. */
  left: number;
  signedOut: boolean;
}

/**
 * Sends the waiting changes one at a time, in the order they were made; each leaves the queue only
 * once the server has answered it. Every write is idempotent, so a change whose answer was lost
 * is simply sent again.
 */
export async function replayQueue(owner: string, send: Send): Promise<ReplayResult> {
  const waiting = await waitingChanges(owner);
  const result: ReplayResult = { sent: 0, dropped: [], left: waiting.length, signedOut: false };
  for (const change of waiting) {
    const { path, method, body } = restCallFor(change);
    let response: Response;
    try {
      response = await send(path, {
        method,
        headers: body === undefined ? {} : { "content-type": "application/json" },
        body: body === undefined ? undefined : JSON.stringify(body),
        credentials: "same-origin",
      });
    } catch {
      return result; // Offline again: the rest waits, in order.
    }
    // 401: signed out (sign-out deletes the queue); 429 and 5xx: try again later.
    if (response.status === 401) return { ...result, signedOut: true };
    if (response.status === 429 || response.status >= 500) return result;
    // A 404 for an edit or delete means the todo is gone: another device's delete wins.
    if (!response.ok && response.status !== 404) {
      const reason = (
        (await response.json().catch(() => null)) as { error?: { message?: string } } | null
      )?.error?.message;
      result.dropped.push(reason ?? `HTTP ${response.status}`);
    } else result.sent += 1;
    await removeChange(change.seq as number);
    result.left -= 1;
  }
  return result;
}
