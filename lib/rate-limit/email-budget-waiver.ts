import "server-only";
import { AsyncLocalStorage } from "node:async_hooks";

const waived = new AsyncLocalStorage<true>();

/**
 * Runs `send` outside the per-address email budget: only for mail the signed-in owner cannot be
 * denied ("This wasn't me"), never for anything a request's fields can ask for.
 */
export function withoutEmailBudget<T>(send: () => Promise<T>): Promise<T> {
  return waived.run(true, send);
}

export function emailBudgetWaived(): boolean {
  return waived.getStore() === true;
}
