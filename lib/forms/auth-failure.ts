import "server-only";
import { revalidatePath } from "next/cache";
import { authErrorCode } from "@/lib/account/auth-errors";
import { loggable } from "@/lib/log";
import { STEP_UP_REQUIRED } from "@/lib/sessions/step-up-required";
import { type FormState, UNEXPECTED } from "./state";

/** A form's answer to one Better Auth code: fixed, or made from the error (its message, a side effect). */
export type AuthAnswer = FormState | ((error: Error) => FormState | Promise<FormState>);

export type AuthAnswers = Record<string, AuthAnswer>;

/**
 * What a form shows when Better Auth refused: the form's answer for a code it explains; a spent
 * limit is thrown on to the form wrapper, which shows the wait message (lib/forms/action.ts);
 * anything else is logged as "<what> failed" and answered plainly, keeping `values`.
 */
export async function authFailureState(
  error: unknown,
  what: string,
  answers: AuthAnswers = {},
  values?: Record<string, string>,
): Promise<FormState> {
  const code = authErrorCode(error);
  if (code === "RATE_LIMITED") throw error;
  const answer = code !== undefined && Object.hasOwn(answers, code) ? answers[code] : undefined;
  if (answer) return typeof answer === "function" ? answer(error as Error) : answer;
  console.error(`${what} failed:`, code ?? loggable(error));
  return { status: "error", message: UNEXPECTED, ...(values && { values }) };
}

/** A form's answer for a wrong value in one field. */
export function fieldRefusal(
  field: string,
  reason: string,
  message = "Check the highlighted field.",
): FormState {
  return { status: "error", message, fields: { [field]: reason } };
}

/** The password policy's reason for refusing a new password, next to its field (lib/account/new-password-check.ts). */
export function rejectedPassword(field: string, values?: Record<string, string>): AuthAnswers {
  const policyReason = (error: Error): FormState => ({
    ...fieldRefusal(field, error.message, "Choose another password."),
    ...(values && { values }),
  });
  return { PASSWORD_REJECTED: policyReason };
}

/** Better Auth's refusals of an email and password (sign-in, sign-up), keeping what was typed. */
export function credentialRefusals(values: Record<string, string>): AuthAnswers {
  const say = (message: string) => ({ status: "error" as const, message, values });
  return {
    INVALID_EMAIL_OR_PASSWORD: say("Wrong email or password."),
    EMAIL_NOT_VERIFIED: {
      ...say("Verify your email address first: we sent you a link. Didn't get it?"),
      reason: "email_not_verified",
    },
    INVALID_EMAIL: say("Enter a valid email address, like name@example.com."),
    PASSWORD_TOO_SHORT: say("That password is too short."),
    PASSWORD_TOO_LONG: say("That password is too long."),
  };
}

/** An answer after which `page` is drawn afresh, showing what changed (a stale step-up, a passkey gone). */
export function redrawn(page: string, message: string): AuthAnswer {
  return () => {
    revalidatePath(page);
    return { status: "error", message };
  };
}

/** The step-up went stale while the page was open: drawn afresh, the page asks for it again. */
export function staleStepUp(page: string): AuthAnswers {
  return { [STEP_UP_REQUIRED.code]: redrawn(page, "Confirm it's you first, then try again.") };
}
