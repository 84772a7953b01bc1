import type * as OTPAuth from "otpauth";

const PERIOD_MS = 30_000;
/** A code from the previous step is still valid this long before the current step ends. */
const MARGIN_MS = 5_000;
const lastStepUsed = new WeakMap<OTPAuth.TOTP, number>();

/**
 * A code the server has not seen yet for this app, as the owner would type the next one: each
 * code is accepted once, and the server takes the previous, current and next 30-second code.
 * Waits for the next step only when all three were handed out already.
 */
export async function freshCode(app: OTPAuth.TOTP): Promise<string> {
  for (;;) {
    const now = Date.now();
    const current = Math.floor(now / PERIOD_MS);
    const leftInStep = (current + 1) * PERIOD_MS - now;
    const candidates =
      leftInStep > MARGIN_MS ? [current - 1, current, current + 1] : [current, current + 1];
    const step = candidates.find((s) => s > (lastStepUsed.get(app) ?? -Infinity));
    if (step !== undefined) {
      lastStepUsed.set(app, step);
      return app.generate({ timestamp: step * PERIOD_MS });
    }
    await new Promise((resolve) => setTimeout(resolve, leftInStep + 50));
  }
}
