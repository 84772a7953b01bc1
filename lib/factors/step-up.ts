import "server-only";
import { headers } from "next/headers";
import { authErrorCode } from "@/lib/account/auth-errors";
import { auth } from "@/lib/auth";
import { STEP_UP_SESSION_HEADER } from "@/lib/auth/step-up";
import type { FormState } from "@/lib/forms/state";
import { UNEXPECTED } from "@/lib/forms/state";
import { loggable } from "@/lib/log";

export type Factor = "password" | "code" | "backupCode";

const FIELD: Record<Factor, string> = { password: "password", code: "code", backupCode: "code" };

const WRONG: Record<string, string> = {
  INVALID_PASSWORD: "That is not your password",
  INVALID_CODE: "That code is not right. Codes change every 30 seconds.",
  INVALID_BACKUP_CODE: "That backup code is not right, or it was used already",
};

/**
 * The form side of the one step-up: proves a factor through Better Auth's own endpoint, on this
 * page's session only (the header narrows it), so the form and the HTTP API record it the same way.
 */
export async function proveFactor(
  factor: Factor,
  value: string,
  sessionId: string,
): Promise<FormState | "proved"> {
  const forwarded = new Headers(await headers());
  forwarded.set(STEP_UP_SESSION_HEADER, sessionId);
  try {
    if (factor === "password") {
      await auth().api.verifyPassword({ body: { password: value }, headers: forwarded });
    } else if (factor === "code") {
      await auth().api.verifyTOTP({ body: { code: value }, headers: forwarded });
    } else {
      await auth().api.verifyBackupCode({ body: { code: value }, headers: forwarded });
    }
    return "proved";
  } catch (error) {
    const code = authErrorCode(error);
    if (code === "RATE_LIMITED") throw error;
    const wrong = code && WRONG[code];
    if (wrong) {
      return {
        status: "error",
        message: "Check the highlighted field.",
        fields: { [FIELD[factor]]: wrong },
      };
    }
    if (code === "STEP_UP_SESSION_MISMATCH") {
      return {
        status: "error",
        message: "Nothing was confirmed: this browser sent another session. Sign out and in again.",
      };
    }
    console.error("Step-up failed:", code ?? loggable(error));
    return { status: "error", message: UNEXPECTED };
  }
}
