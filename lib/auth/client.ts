import { passkeyClient } from "@better-auth/passkey/client";
import { twoFactorClient } from "better-auth/client/plugins";
import { createAuthClient } from "better-auth/react";

/** Browser-side Better Auth client (same origin, so no baseURL is needed). */
export const authClient = createAuthClient({
  // The second step of sign-in is a page of its own, reached by the sign-in action's redirect.
  plugins: [passkeyClient(), twoFactorClient()],
});
