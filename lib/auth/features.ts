import { passkey } from "@better-auth/passkey";
import type { BetterAuthPlugin } from "better-auth";
import { nextCookies } from "better-auth/next-js";
import { jwt, twoFactor } from "better-auth/plugins";
import type { JwtOptions } from "better-auth/plugins/jwt";
import { recordEvent } from "@/lib/activity/record";
import { runAfterResponse } from "@/lib/background";
import { sendEmail } from "@/lib/email";
import { sessionReuseMessage } from "@/lib/email/messages";
import { env } from "@/lib/env";
import { markPasskeyUsed } from "@/lib/factors/queries";
import { createSigningKeyOnce } from "@/lib/tokens/signing-key";
import { accountRules } from "./account-rules";
import { connectedAccounts } from "./connected-accounts";
import { ACCESS_TOKEN_MAX_AGE_SECONDS } from "./cookies";
import { notices } from "./notices";
import { oidcSignIn } from "./oidc-sign-in";
import { providerSecondFactor } from "./provider-second-factor";
import { providerSignIn } from "./provider-sign-in";
import { oidcProviders } from "./providers";
import { requestBounds } from "./request-bounds";
import { sessionRotation } from "./session-rotation";
import { sessionTokens } from "./session-tokens";
import { signInLimits } from "./sign-in-limits";
import { stepUp } from "./step-up";
import { userLimits } from "./user-limits";
import { verificationSignIn } from "./verification-sign-in";

/** One row of the running order: a feature, what it protects, and why it runs where it does. */
export interface Feature<P extends BetterAuthPlugin = BetterAuthPlugin> {
  plugin: P;
  protects: string;
  why: string;
  /** The features that must run before this one (checked by lib/auth/features.test.ts). */
  after: string[];
}

/** Access JWTs for non-browser devices: EdDSA, keys at /api/auth/jwks, the session id as `sid`. */
const jwtOptions: JwtOptions = {
  jwt: {
    expirationTime: `${ACCESS_TOKEN_MAX_AGE_SECONDS}s`,
    definePayload: ({ session }) => ({ sid: session.id }),
  },
  disableSettingJwtHeader: true,
  // Instances starting together would each mint a key: one wins (migration 0009).
  adapter: { createJwk: createSigningKeyOnce },
};

/**
 * Better Auth's plugins, ours and its own, in the order their hooks run (before-hooks, then
 * after-hooks, each in this order). lib/auth/index.ts takes them from here and nowhere else.
 */
export function features(baseURL: string) {
  return [
    row({
      plugin: requestBounds(),
      protects: "Better Auth's URL building and every stored field",
      why: "First: no endpoint or hook reads a redirect target it cannot build or a field past its bound.",
      after: [],
    }),
    row({
      plugin: verificationSignIn(),
      protects: "a sign-up's address (account pre-hijacking)",
      why: "Before every feature that reacts to a new session: it signs in where autoSignIn would have.",
      after: ["request-bounds"],
    }),
    row({
      plugin: oidcSignIn(oidcProviders(env())),
      protects: "sign-in with any OpenID Connect provider (OIDC_*), on our callback path",
      why: "Better Auth's; its rewrite only renames a callback path and its one hook (a discovery retry) reads nothing of ours.",
      after: [],
    }),
    row({
      plugin: providerSignIn(),
      protects:
        "provider sign-in: a state bound to its provider, no provider token kept, no unproven password beside a provider",
      why: "Its hook adds to the state a provider sign-in is about to store, and its database hooks clean account rows as they are written; no other feature reads either.",
      after: [],
    }),
    row({
      plugin: jwt(jwtOptions),
      protects: "devices' access JWTs (/api/auth/token, /api/auth/jwks)",
      why: "Better Auth's; no hook depends on its place: before the session features, as it always was.",
      after: [],
    }),
    row({
      plugin: sessionRotation({
        onReuse: (user) => {
          recordEvent(user, "token_reuse");
          const notice = sessionReuseMessage(
            `${baseURL}/settings/sessions`,
            `${baseURL}/forgot-password`,
            `${baseURL}/settings/security#recent-activity`,
          );
          runAfterResponse(sendEmail({ to: user.email, ...notice }));
        },
      }),
      protects:
        "the session token: bearer sessions, rotation with reuse detection, the access cookie",
      why: "Before every hook that reads the session: its before-hook makes a bearer token the session cookie; its after-hook sees the new session's cookie before two-factor takes it back.",
      after: ["request-bounds"],
    }),
    row({
      plugin: userLimits(),
      protects: "per-user budgets of device and profile changes and lists",
      why: "Before any other hook does work (a step-up check, a code, a mail) for a user past the limit.",
      after: ["session-rotation"],
    }),
    row({
      plugin: twoFactor({
        issuer: "Todos",
        backupCodeOptions: { amount: 10, storeBackupCodes: "encrypted" },
      }),
      protects: "sign-in with an authenticator app and backup codes",
      why: "Before every feature that reacts to a new session: a password sign-in still waiting for its code has none.",
      after: ["session-rotation", "user-limits"],
    }),
    row({
      plugin: providerSecondFactor(),
      protects:
        "sign-in with a provider to an account with an authenticator app: the code comes next",
      why: "Right after two-factor, for its reason: no feature that reacts to a new session may see one still waiting for its code.",
      after: ["session-rotation", "two-factor"],
    }),
    row({
      plugin: passkey({
        rpName: "Todos",
        rpID: new URL(baseURL).hostname,
        // Never the request's own Origin header: only our origin may prove a passkey.
        origin: new URL(baseURL).origin,
        authentication: {
          afterVerification: async ({ verification }) => {
            await markPasskeyUsed(verification.authenticationInfo.credentialID);
          },
        },
      }),
      protects: "sign-in and step-up with a passkey (WebAuthn)",
      why: "Before step-up, which records the session a passkey proof creates.",
      after: ["user-limits"],
    }),
    row({
      plugin: stepUp(),
      protects: "account changes a stolen session could make: required and recorded here",
      why: "Right after two-factor and passkey: a session two-factor replaces keeps its id before its step-up is recorded or announced.",
      after: ["two-factor", "passkey"],
    }),
    row({
      plugin: sessionTokens(),
      protects: "who sees which session token (set-auth-token, get-session, the device list)",
      why: "After every feature that sets the session cookie, so a bearer client always learns its token.",
      after: ["verification-sign-in", "session-rotation", "two-factor", "passkey", "step-up"],
    }),
    row({
      plugin: accountRules(),
      protects:
        "the account: deleting it, new passwords, email change links, its last sign-in factor",
      why: "After step-up (a refusal for a stale step-up comes first); before sign-in-limits, so a refused request is never charged as a guess or an email.",
      after: ["step-up"],
    }),
    row({
      plugin: connectedAccounts(),
      protects:
        "connected accounts: the last way to sign in, link and unlink notices, step-up with a provider",
      why: "After step-up (linking and unlinking need one, refused first); its callback after-hook marks the session the provider sign-in created.",
      after: ["step-up"],
    }),
    row({
      plugin: notices(),
      protects: "the owner's knowledge: new-device and factor mails, the security log",
      why: "After every feature that creates or keeps a session, so each notice names the session that stays.",
      after: ["verification-sign-in", "two-factor", "provider-second-factor", "step-up"],
    }),
    row({
      plugin: signInLimits(),
      protects:
        "sign-in: wrong passwords and codes per account, emails per address, codes used once",
      why: "After the rules and step-up that may refuse a request: only attempts that reach Better Auth are charged.",
      after: ["step-up", "account-rules"],
    }),
    row({
      plugin: nextCookies(),
      protects: "cookies set from server actions",
      why: "Last: it copies every cookie the features before it set.",
      after: [
        "request-bounds",
        "verification-sign-in",
        "session-rotation",
        "two-factor",
        "provider-second-factor",
        "step-up",
        "session-tokens",
        "sign-in-limits",
      ],
    }),
  ];
}

/** Keeps each plugin's own type, so auth().api knows every plugin's endpoints. */
const row = <P extends BetterAuthPlugin>(feature: Feature<P>) => feature;
