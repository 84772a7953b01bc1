import type { RuleName } from "./rules";

/**
 * The table of protected operations: every way in that takes a password or an email address,
 * or that creates something, with the rules that apply and why. The edge middleware counts the
 * `edge` rules on every attempt, having classified the request by what it is (its path, or its
 * server action's id), never by its fields. `account` rules are counted inside Better Auth, where
 * the body has been parsed whatever its encoding and the outcome is known.
 * `lib/rate-limit/operations.test.ts` fails when an entry point is in neither this table nor its
 * list of exemptions.
 */
export interface Operation {
  /** Keyed by the client's address, or by the signed-in user (the address when there is none). */
  edge: readonly { rule: RuleName; key: "ip" | "user" }[];
  /**
   * `failedPassword`: wrong passwords count against the account, from any IP (a correct one
   * never does). `emailToAddress`: every email sent counts against the address it goes to.
   */
  account?: "failedPassword" | "emailToAddress";
  why: string;
}

const perIp = (rule: RuleName) => ({ rule, key: "ip" }) as const;
const perUser = (rule: RuleName) => ({ rule, key: "user" }) as const;

export const OPERATIONS = {
  signIn: {
    edge: [perIp("signInPerIp")],
    account: "failedPassword",
    why: "Password guessing and credential stuffing.",
  },
  passwordProof: {
    edge: [perIp("signInPerIp")],
    account: "failedPassword",
    why: "A stolen session re-entering passwords (step-up, change password, delete) is guessing too.",
  },
  secondFactorCode: {
    edge: [perIp("signInPerIp")],
    account: "failedPassword",
    why: "Authenticator and backup codes are guessed like passwords (at sign-in and at a step-up).",
  },
  passkeySignIn: {
    edge: [perIp("signInPerIp")],
    why: "A signed challenge cannot be guessed, but each attempt costs a signature check.",
  },
  signUp: {
    edge: [perIp("signUpPerIp")],
    account: "emailToAddress",
    why: "Mass account creation; every sign-up mails the address (a known one mails its owner).",
  },
  emailLink: {
    edge: [perIp("emailPerIp")],
    account: "emailToAddress",
    why: "Each request mails a verification, reset or change link: no flooding an inbox.",
  },
  resetPassword: {
    edge: [perIp("signInPerIp")],
    why: "Takes a reset token and a new password: token guessing.",
  },
  accountWrite: {
    edge: [perUser("accountWritesPerUser")],
    why: "Profile edits and device sign-outs: cheap to repeat, so bounded per user.",
  },
  todoWrite: {
    edge: [perUser("todoWritesPerUser")],
    why: "Creates and edits rows: bounds what one user (or a stolen token) can write.",
  },
  todoRead: {
    edge: [perUser("apiReadsPerUser")],
    why: "REST reads by scripts and devices, and GET /api/todos/feed (one request per open page every 25 s).",
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
const NO_OAUTH = { exempt: "No social or OAuth provider is configured: refused before any work." };

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
  "/get-session": { exempt: "A renewal: GET only (POST needs deferSessionRefresh, which is off)." },
  "/revoke-session": "accountWrite",
  "/revoke-sessions": "accountWrite",
  "/revoke-other-sessions": "accountWrite",
  "/sign-in/social": NO_OAUTH,
  "/callback/:id": NO_OAUTH,
  "/link-social": NO_OAUTH,
  "/unlink-account": NO_OAUTH,
  "/refresh-token": NO_OAUTH,
  "/get-access-token": NO_OAUTH,
};

/**
 * GET endpoints that write (each stores a WebAuthn challenge): limited like their ceremony, so no
 * one can fill the verification table from one address.
 */
export const AUTH_GET_ENDPOINTS: Record<string, OperationName> = {
  "/passkey/generate-authenticate-options": "passkeySignIn",
  "/passkey/generate-register-options": "accountWrite",
};

export function isExempt(entry: OperationName | Exempt | undefined): entry is Exempt {
  return typeof entry === "object";
}

/** The operation a Better Auth path is, if it is limited. */
export function authEndpointOperation(path: string): OperationName | undefined {
  const entry = Object.hasOwn(AUTH_ENDPOINTS, path) ? AUTH_ENDPOINTS[path] : undefined;
  return entry === undefined || isExempt(entry) ? undefined : entry;
}
