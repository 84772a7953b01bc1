/**
 * Every rate limit in the app, in one table (tests read their numbers from it). Chosen so a
 * person never meets them and a script always does. Better Auth's own limiter is off.
 */
export const RULES = {
  /** Sign-in and password attempts from one IP address (a household or office shares one). */
  signInPerIp: { limit: 30, windowSeconds: 10 * 60 },
  /**
   * Wrong passwords for one account, from any number of IPs (stops spraying one account). Only
   * failures count, and a device or address that signed in before has a budget of its own.
   */
  failedPasswordsPerAccount: { limit: 10, windowSeconds: 15 * 60 },
  /** New accounts from one IP address. */
  signUpPerIp: { limit: 10, windowSeconds: 60 * 60 },
  /** Verification or password-reset emails to one address: no one needs more than three. */
  emailPerAddress: { limit: 3, windowSeconds: 15 * 60 },
  /** Verification or password-reset emails requested from one IP address. */
  emailPerIp: { limit: 20, windowSeconds: 60 * 60 },
  /** Profile and device changes by one user. */
  accountWritesPerUser: { limit: 60, windowSeconds: 60 },
  /** Todo creates, edits and deletes by one user (five a second, sustained for a minute). */
  todoWritesPerUser: { limit: 300, windowSeconds: 60 },
  /** REST API reads by one user. */
  apiReadsPerUser: { limit: 600, windowSeconds: 60 },
  /** Device, account and passkey lists one user asks Better Auth for over HTTP. */
  accountReadsPerUser: { limit: 120, windowSeconds: 60 },
  /**
   * Renewals (token rotations) of one session: a browser renews at most once per 5 minutes per
   * tab, a device once per access JWT; ten times that is still a bound on retired-token rows.
   */
  renewalsPerSession: { limit: 30, windowSeconds: 5 * 60 },
  /**
   * Provider sign-ins from one IP address, started and completed (each start writes a state row,
   * each callback exchanges a code with the provider and may create an account).
   */
  providerSignInPerIp: { limit: 60, windowSeconds: 10 * 60 },
  /** Emailed links (verify, reset, delete) opened from one IP address. */
  linksPerIp: { limit: 30, windowSeconds: 10 * 60 },
  /** Unauthenticated reads of public data (the JWKS) from one IP address. */
  publicReadsPerIp: { limit: 60, windowSeconds: 60 },
  /** REST calls that fail to authenticate (a forged JWT, a revoked cookie) from one IP address. */
  failedApiAuthPerIp: { limit: 60, windowSeconds: 60 },
} as const;

export type RuleName = keyof typeof RULES;
