import { after } from "next/server";
import { loggable } from "@/lib/log";

const pending = new Set<Promise<void>>();

/**
 * Runs slow side work (sending email) after the response is sent, so a request answers in the same
 * time whether or not it led to an email (no timing oracle for which addresses have accounts).
 */
export function runAfterResponse(task: Promise<unknown>): void {
  const tracked: Promise<void> = task
    .then(() => {})
    .catch((error: unknown) => console.error("Background task failed:", loggable(error)))
    .finally(() => pending.delete(tracked));
  pending.add(tracked);
  try {
    after(tracked);
  } catch {
    // Outside a Next request (tests, scripts) the task simply runs on; see settleBackgroundTasks.
  }
}

/** Waits for every background task started so far (tests and scripts). */
export async function settleBackgroundTasks(): Promise<void> {
  while (pending.size > 0) await Promise.all([...pending]);
}
