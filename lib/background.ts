import { after } from "next/server";
import { loggable } from "@/lib/log";
import { processSingleton } from "@/lib/process-state";

/**
 * Runs slow side work (sending email) after the response is sent, so a request answers in the same
 * time whether or not it led to an email (no timing oracle for which addresses have accounts).
 */
export function runAfterResponse(task: Promise<unknown>): void {
  // Tracked so a test or script can wait for them (test/process-state.ts settleBackgroundTasks).
  const pending = processSingleton("background-tasks", () => new Set<Promise<void>>());
  const tracked: Promise<void> = task
    .then(() => {})
    .catch((error: unknown) => console.error("Background task failed:", loggable(error)))
    .finally(() => pending.delete(tracked));
  pending.add(tracked);
  try {
    after(tracked);
  } catch {
    // Outside a Next request (tests, scripts) the task simply runs on.
  }
}
