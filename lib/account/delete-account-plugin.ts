import type { BetterAuthPlugin } from "better-auth";
import { APIError, createAuthMiddleware } from "better-auth/api";
import { onPaths } from "@/lib/auth/hook-context";

/** Deleting the account always takes the password: Better Auth alone accepts a day-old session. */
export function requirePasswordToDeleteAccount() {
  return {
    id: "delete-account-password",
    hooks: {
      before: [
        {
          matcher: onPaths("/delete-user"),
          handler: createAuthMiddleware(async (ctx) => {
            const password = (ctx.body as { password?: unknown } | undefined)?.password;
            if (typeof password === "string" && password.length > 0) return;
            throw APIError.from("BAD_REQUEST", {
              code: "PASSWORD_REQUIRED",
              message: "Enter your password to delete your account.",
            });
          }),
        },
      ],
    },
  } satisfies BetterAuthPlugin;
}
