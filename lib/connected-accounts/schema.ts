import * as z from "zod";

/** A provider id as Better Auth names them ("google", "github", "oidc"). */
export const providerInput = z.object({
  provider: z.string().regex(/^[a-z0-9-]{1,40}$/, "Choose a provider from the list"),
});

/** One of the account's connected accounts, by its row id. */
export const accountIdInput = z.object({ accountId: z.string().min(1).max(200) });
