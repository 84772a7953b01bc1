import type { BetterAuthPlugin } from "better-auth";
import { APIError, createAuthMiddleware } from "better-auth/api";
import { onPaths } from "@/lib/auth-plugin";
import { nameField } from "./schema";

/** The forms' rule for a name, on the endpoints that set one (Better Auth takes any string). */
export function enforceNameRules() {
  return {
    id: "name-rules",
    hooks: {
      before: [
        {
          matcher: onPaths("/sign-up/email", "/update-user"),
          handler: createAuthMiddleware(async (ctx) => {
            const body = (ctx.body ?? {}) as Record<string, unknown>;
            if (ctx.path === "/update-user" && body.name === undefined) return;
            const name = nameField.safeParse(body.name);
            if (name.success) return;
            throw APIError.from("BAD_REQUEST", {
              code: "INVALID_NAME",
              message: name.error.issues[0]?.message ?? "Enter your name",
            });
          }),
        },
      ],
    },
  } satisfies BetterAuthPlugin;
}
