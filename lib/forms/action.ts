import "server-only";
import { headers } from "next/headers";
import type * as z from "zod";
import { authErrorCode } from "@/lib/account/auth-errors";
import { fieldErrors } from "@/lib/http/request";
import { getSession, requireSession } from "@/lib/identity/current";
import type { SignedIn } from "@/lib/identity/handoff";
import { clientIp } from "@/lib/net/client-ip";
import { checkLimits, tooManyAttemptsMessage } from "@/lib/rate-limit";
import { ipChecks, ipKey, userChecks, userKey } from "@/lib/rate-limit/checks";
import { OPERATIONS, type OperationName } from "@/lib/rate-limit/operations";
import { SessionRevokedError } from "@/lib/sessions/actor";
import { endRevokedSession } from "@/lib/sessions/end-revoked-session";
import { CROSS_ORIGIN_MESSAGE, isCrossOriginPost } from "./same-origin";
import type { FormState } from "./state";

/** A server action that says which protected operation it is (null: exempt), for the table's test. */
export type ProtectedAction<F> = F & { operation: OperationName | null };

/**
 * Why this action may not run now: another site sent it, or its operation's limit is spent. The
 * action counts its own rules, once, here: only Node knows which function an action id names,
 * and the user it acts for (however the request authenticated).
 */
async function refusal(operation: OperationName | null): Promise<string | undefined> {
  if (await isCrossOriginPost()) return CROSS_ORIGIN_MESSAGE;
  if (!operation) return undefined;
  const ip = clientIp(await headers());
  const userId = "user" in OPERATIONS[operation] ? (await getSession())?.user.id : undefined;
  const verdict = await checkLimits([
    ...ipChecks(operation, ip),
    ...userChecks(operation, userId ? userKey(userId) : ipKey(ip)),
  ]);
  return verdict && !verdict.allowed ? tooManyAttemptsMessage(verdict.retryAfter) : undefined;
}

/** Every server action is one of these: the refusal checks run before `run` can be reached. */
export function protectedAction<A extends unknown[], R>(
  operation: OperationName | null,
  refused: (message: string, ...args: A) => R,
  run: (...args: A) => Promise<R>,
): ProtectedAction<(...args: A) => Promise<R>> {
  const action = async (...args: A) => {
    const message = await refusal(operation);
    return message === undefined ? run(...args) : refused(message, ...args);
  };
  return Object.assign(action, { operation });
}

interface FormSpec<T extends z.ZodType> {
  operation: OperationName | null;
  schema: T;
  /** Fields typed back into the form after a refusal (never a password). */
  keep?: string[];
  /** The message when the schema refuses the input. */
  invalid?: string;
}

interface FormContext<S> {
  session: S;
  values: Record<string, string>;
}

type FormHandler<T extends z.ZodType, S> = (
  input: z.infer<T>,
  context: FormContext<S>,
) => Promise<FormState>;

function typedValues(formData: unknown, keep: string[]): Record<string, string> {
  const get = (name: string) => (formData instanceof FormData ? formData.get(name) : null);
  return Object.fromEntries(keep.map((name) => [name, String(get(name) ?? "")]));
}

/**
 * A `useActionState` form action: origin and rate limit, then the session, the schema, and the
 * handler. Its session ending elsewhere sends the device to sign in; a limit Better Auth met
 * (wrong passwords for the account) shows as the same wait message. Only FormData is accepted:
 * React can deliver other argument types to any action.
 */
function buildFormAction<T extends z.ZodType, S>(
  spec: FormSpec<T>,
  loadSession: () => Promise<S>,
  returnTo: string,
  handler: FormHandler<T, S>,
) {
  const keep = spec.keep ?? [];
  const invalid = spec.invalid ?? "Check the highlighted fields.";
  return protectedAction<[FormState, FormData], FormState>(
    spec.operation,
    (message, _previous, formData) => ({
      status: "error",
      message,
      values: typedValues(formData, keep),
    }),
    async (_previous, formData): Promise<FormState> => {
      const values = typedValues(formData, keep);
      const session = await loadSession();
      if (!(formData instanceof FormData)) return { status: "error", message: invalid, values };
      const parsed = spec.schema.safeParse(Object.fromEntries(formData));
      if (!parsed.success) {
        return { status: "error", message: invalid, fields: fieldErrors(parsed.error), values };
      }
      try {
        return await handler(parsed.data, { session, values });
      } catch (error) {
        if (error instanceof SessionRevokedError) await endRevokedSession(returnTo);
        if (authErrorCode(error) === "RATE_LIMITED") {
          return { status: "error", message: (error as Error).message, values };
        }
        throw error;
      }
    },
  );
}

/** A form for signed-out visitors (sign-in, sign-up, password reset). */
export function formAction<T extends z.ZodType>(spec: FormSpec<T>, handler: FormHandler<T, null>) {
  return buildFormAction(spec, async () => null, "/", handler);
}

/** A form on a signed-in page: visitors without a session are sent to sign in from `page`. */
export function signedInFormAction<T extends z.ZodType>(
  page: string,
  spec: FormSpec<T>,
  handler: FormHandler<T, SignedIn>,
) {
  return buildFormAction(spec, () => requireSession(page), page, handler);
}
