import type { RuleName } from "./rules";

/**
 * The table of protected operations: every way in that takes a password or an email address,
 * creates something, reads the database or rotates a token, with the rules that apply and why.
 * Each rule is counted once, where its key is known: `ip` by the edge middleware before any work
 * (the request classified by its path, never by its fields); `user` in Node once the caller is
 * known (the REST wrapper lib/http/route.ts, the Better Auth hook lib/auth/user-limits.ts,
 * the server-action wrapper lib/forms/action.ts); `session` by the rotation plugin; `account`
 * inside Better Auth, where the body has been parsed whatever its encoding and the outcome is
 * known. A server action counts its `ip` rule itself (the edge does not know which action a post
 * runs). `lib/rate-limit/operations.test.ts` fails when an entry point is in neither this table
 * nor its list of exemptions.
 */
export interface Operation {
  /** Counted against the client's address. */
  ip?: RuleName;
  /** Counted against the signed-in user (the address when there is none). */
  user?: RuleName;
  /** Counted against the session whose token is renewed. */
  session?: RuleName;
  /**
   * `failedPassword`: wrong passwords count against the account, from any IP (a correct one
   * never does). `emailToAddress`: every email sent counts against the address it goes to.
   */
  account?: "failedPassword" | "emailToAddress";
  why: string;
}

export const OPERATIONS = {
  signIn: {
    ip: "signInPerIp",
    account: "failedPassword",
    why: "Password guessing and credential stuffing.",
  },
  passwordProof: {
    ip: "signInPerIp",
    account: "failedPassword",
    why: "A stolen session re-entering passwords (step-up, change password, delete) is guessing too.",
  },
  secondFactorCode: {
    ip: "signInPerIp",
    account: "failedPassword",
    why: "Authenticator and backup codes are guessed like passwords (at sign-in and at a step-up).",
  },
  passkeySignIn: {
    ip: "signInPerIp",
    why: "A signed challenge cannot be guessed, but each attempt costs a signature check.",
  },
  signUp: {
    ip: "signUpPerIp",
    account: "emailToAddress",
    why: "Mass account creation; every sign-up mails the address (a known one mails its owner).",
  },
  emailLink: {
    ip: "emailPerIp",
    account: "emailToAddress",
    why: "Each request mails a verification, reset or change link: no flooding an inbox.",
  },
  providerSignIn: {
    ip: "providerSignInPerIp",
    why: "Continue with Google/GitHub/OIDC: each start stores a state, each callback calls the provider and may create an account.",
  },
  resetPassword: {
    ip: "signInPerIp",
    why: "Takes a reset token and a new password: token guessing.",
  },
  emailLinkOpened: {
    ip: "linksPerIp",
    why: "An emailed link looks its token up in the database: token guessing, database reads.",
  },
  publicKeys: {
    ip: "publicReadsPerIp",
    why: "The JWKS is read from the database for anyone who asks.",
  },
  sessionRenewal: {
    session: "renewalsPerSession",
    why: "Each renewal reads the session row and rotates its token (a row of the retired token).",
  },
  accountRead: {
    user: "accountReadsPerUser",
    why: "Devices, accounts and passkeys listed from the database: cheap to repeat, so bounded.",
  },
  accountWrite: {
    user: "accountWritesPerUser",
    why: "Profile edits and device sign-outs: cheap to repeat, so bounded per user.",
  },
  todoWrite: {
    user: "todoWritesPerUser",
    why: "Creates and edits rows: bounds what one user (or a stolen token) can write.",
  },
  todoRead: {
    user: "apiReadsPerUser",
    why: "REST reads by scripts and devices, and GET /api/todos/feed (one request per open page every 120 s).",
  },
} as const satisfies Record<string, Operation>;

export type OperationName = keyof typeof OPERATIONS;

/** An entry point with no limit, and the reason none is needed. */
export interface Exempt {
  exempt: string;
}

const NO_OTP = {
  exempt:
    "No email or SMS code sender is configured (authenticator app only): refused before any work.",
};

const NO_PROVIDER_TOKENS = {
  exempt:
    "No provider token is kept (lib/auth/provider-accounts.ts): refused before any provider call.",
};

/** Paths our plugins hand to a Better Auth endpoint (lib/auth/oidc-sign-in.ts): limited as that endpoint. */
const AUTH_PATH_ALIASES: Record<string, string> = { "/oauth2/callback/:id": "/callback/:id" };

/** Every POST endpoint Better Auth serves over HTTP in this configuration, by path under /api/auth. */
export const AUTH_ENDPOINTS: Record<string, OperationName | Exempt> = {
  "/sign-in/email": "signIn",
  "/verify-password": "passwordProof",
  "/change-password": "passwordProof",
  "/delete-user": "passwordProof",
  "/sign-up/email": "signUp",
  "/send-verification-email": "emailLink",
  "/request-password-reset": "emailLink",
  "/change-email": "emailLink",
  "/reset-password": "resetPassword",
  "/update-user": "accountWrite",
  "/update-session": "accountWrite",
  "/two-factor/verify-totp": "secondFactorCode",
  "/two-factor/verify-backup-code": "secondFactorCode",
  "/two-factor/enable": "passwordProof",
  "/two-factor/disable": "passwordProof",
  "/two-factor/get-totp-uri": "passwordProof",
  "/two-factor/generate-backup-codes": "passwordProof",
  "/two-factor/send-otp": NO_OTP,
  "/two-factor/verify-otp": NO_OTP,
  "/passkey/verify-authentication": "passkeySignIn",
  "/passkey/verify-registration": "accountWrite",
  "/passkey/delete-passkey": "accountWrite",
  "/passkey/update-passkey": "accountWrite",
  "/sign-out": { exempt: "Ends the caller's own session; creates nothing." },
  "/get-session": { exempt: "Refused: a POST renews only with deferSessionRefresh, which is off." },
  "/revoke-session": "accountWrite",
  "/revoke-sessions": "accountWrite",
  "/revoke-other-sessions": "accountWrite",
  "/sign-in/social": "providerSignIn",
  "/callback/:id": "providerSignIn",
  "/link-social": "accountWrite",
  "/unlink-account": "accountWrite",
  "/refresh-token": NO_PROVIDER_TOKENS,
  "/get-access-token": NO_PROVIDER_TOKENS,
};

/**
 * Every GET endpoint Better Auth serves over HTTP in this configuration. The passkey options each
 * store a WebAuthn challenge: limited like their ceremony, so no one fills the verification table.
 */
export const AUTH_GET_ENDPOINTS: Record<string, OperationName | Exempt> = {
  "/get-session": "sessionRenewal",
  "/token": "sessionRenewal",
  "/verify-email": "emailLinkOpened",
  "/reset-password/:token": "emailLinkOpened",
  "/delete-user/callback": "emailLinkOpened",
  "/list-sessions": "accountRead",
  "/list-accounts": "accountRead",
  "/account-info": "accountRead",
  "/passkey/list-user-passkeys": "accountRead",
  "/passkey/generate-register-options": "accountWrite",
  "/passkey/generate-authenticate-options": "passkeySignIn",
  "/jwks": "publicKeys",
  "/callback/:id": "providerSignIn",
  "/ok": { exempt: "Answers a constant: reads nothing." },
  "/error": { exempt: "Renders the error named in its query: reads nothing." },
};

export function isExempt(entry: OperationName | Exempt | undefined): entry is Exempt {
  return typeof entry === "object";
}

/** The operation a Better Auth endpoint is, by its path (the route's pattern) and method. */
export function authEndpointOperation(path: string, method = "POST"): OperationName | undefined {
  const table = method === "GET" ? AUTH_GET_ENDPOINTS : AUTH_ENDPOINTS;
  const entry = Object.hasOwn(table, path) ? table[path] : undefined;
  return entry === undefined || isExempt(entry) ? undefined : entry;
}

/** The route pattern a requested path under /api/auth matches (`/reset-password/abc` is `/reset-password/:token`). */
export function authRoutePattern(path: string, method: string): string {
  const table = method === "GET" ? AUTH_GET_ENDPOINTS : AUTH_ENDPOINTS;
  if (Object.hasOwn(table, path)) return path;
  const segments = path.split("/");
  const alias = Object.keys(AUTH_PATH_ALIASES).find((key) => matches(key, segments));
  if (alias) return AUTH_PATH_ALIASES[alias] as string;
  const pattern = Object.keys(table).find((key) => matches(key, segments));
  return pattern ?? path;
}

/** A route pattern (`/reset-password/:token`) matches the path's segments one for one. */
function matches(pattern: string, segments: string[]): boolean {
  const parts = pattern.split("/");
  return (
    parts.length === segments.length &&
    parts.every((part, i) => part === segments[i] || (part.startsWith(":") && segments[i]))
  );
}
