import * as z from "zod";
import { passkeyNameField } from "@/lib/factors/schema";
import { nameField } from "./schema";

/** A rule for one input field, and the code a refusal answers with. */
export interface Bound {
  rule: z.ZodType;
  code: string;
}

export const IMAGE_URL_MAX_LENGTH = 2048;
export const REDIRECT_MAX_LENGTH = 2048;
const EMAIL_MAX_LENGTH = 254;

const isHttpsUrl = (value: string) => URL.parse(value)?.protocol === "https:";

/** A profile image is a short https: link or nothing; our pages never set one. */
const image = z
  .string("The image must be an https: URL")
  .max(IMAGE_URL_MAX_LENGTH, `The image URL must be at most ${IMAGE_URL_MAX_LENGTH} characters`)
  .refine(isHttpsUrl, "The image must be an https: URL");

const email = z
  .string("Enter an email address")
  .max(EMAIL_MAX_LENGTH, "That email address is too long");

const text = (max: number) => z.string().max(max, `Use at most ${max} characters`);

/** Its JSON length; nesting too deep to serialise (JSON.parse takes more) counts as too long. */
function jsonLength(value: unknown): number {
  try {
    return (JSON.stringify(value) ?? "").length;
  } catch {
    return Number.POSITIVE_INFINITY;
  }
}

/** Structured input (a WebAuthn response, provider data), bounded by its JSON size. */
const json = (maxChars: number) =>
  z
    .unknown()
    .refine((value) => jsonLength(value) <= maxChars, `At most ${maxChars} characters of JSON`);

const redirect: Bound = {
  rule: text(REDIRECT_MAX_LENGTH).optional(),
  code: "INVALID_REDIRECT",
};

/** Redirect targets, wherever Better Auth reads them (query or body): mailed in links, stored in states. */
export const EVERY_ENDPOINT: Record<string, Bound> = {
  callbackURL: redirect,
  redirectTo: redirect,
  newUserCallbackURL: redirect,
  errorCallbackURL: redirect,
};

type EndpointBounds = { body?: Record<string, Bound>; query?: Record<string, Bound> };

const tooLong = (rule: z.ZodType): Bound => ({ rule: rule.optional(), code: "FIELD_TOO_LONG" });
const emailBound: Bound = { rule: email.optional(), code: "INVALID_EMAIL" };

/** What a sign-in with a provider (or linking one) starts with: its state row keeps these. */
const PROVIDER_START: Record<string, Bound> = {
  loginHint: tooLong(text(EMAIL_MAX_LENGTH)),
  scopes: tooLong(json(4_096)),
  idToken: tooLong(json(16_384)),
  additionalParams: tooLong(json(4_096)),
  additionalData: tooLong(json(4_096)),
};

/** What an identity provider sends back to /callback/:id (Apple sends the user as JSON). */
const PROVIDER_CALLBACK: Record<string, Bound> = {
  code: tooLong(text(2_048)),
  state: tooLong(text(2_048)),
  iss: tooLong(text(2_048)),
  device_id: tooLong(text(2_048)),
  error: tooLong(text(2_048)),
  error_description: tooLong(text(2_048)),
  user: tooLong(text(4_096)),
};

/**
 * Every string (or structured) field a Better Auth endpoint stores, mails or keeps in a row, by
 * endpoint: refused with 400 before the endpoint runs (lib/auth/request-bounds.ts).
 */
export const FIELD_BOUNDS: Record<string, EndpointBounds> = {
  "/sign-up/email": {
    body: {
      name: { rule: nameField, code: "INVALID_NAME" },
      email: emailBound,
      image: { rule: image.optional(), code: "INVALID_IMAGE" },
    },
  },
  "/update-user": {
    body: {
      name: { rule: nameField.optional(), code: "INVALID_NAME" },
      // null clears the image, as Better Auth allows.
      image: { rule: image.nullable().optional(), code: "INVALID_IMAGE" },
    },
  },
  "/sign-in/email": { body: { email: emailBound } },
  "/send-verification-email": { body: { email: emailBound } },
  "/request-password-reset": { body: { email: emailBound } },
  "/change-email": { body: { newEmail: emailBound } },
  "/passkey/generate-register-options": {
    query: {
      name: { rule: passkeyNameField.optional(), code: "INVALID_PASSKEY_NAME" },
      context: tooLong(text(256)),
    },
  },
  "/passkey/verify-registration": {
    body: {
      name: { rule: passkeyNameField.optional(), code: "INVALID_PASSKEY_NAME" },
      // Its id and transports are stored as sent; a real one is about 1 KB.
      response: tooLong(json(16_384)),
    },
  },
  "/passkey/verify-authentication": { body: { response: tooLong(json(16_384)) } },
  "/passkey/update-passkey": {
    body: {
      name: { rule: passkeyNameField, code: "INVALID_PASSKEY_NAME" },
      id: tooLong(text(1_400)),
    },
  },
  "/passkey/delete-passkey": { body: { id: tooLong(text(1_400)) } },
  "/two-factor/enable": { body: { issuer: tooLong(text(100)) } },
  "/two-factor/verify-totp": { body: { code: tooLong(text(64)) } },
  "/two-factor/verify-otp": { body: { code: tooLong(text(64)) } },
  "/two-factor/verify-backup-code": { body: { code: tooLong(text(64)) } },
  "/sign-out": { body: { state: tooLong(text(2_048)) } },
  // No social provider is configured (these refuse), but a provider's callback would keep these.
  "/callback/:id": { body: PROVIDER_CALLBACK, query: PROVIDER_CALLBACK },
  // No social provider is configured (these refuse), but their state row would keep these.
  "/sign-in/social": { body: PROVIDER_START },
  "/link-social": { body: PROVIDER_START },
};

const PASSWORD =
  "hashed or compared, never stored as sent; Better Auth caps it at maxPasswordLength";
const LOOKUP = "only compared with stored values, never stored";
const DECLARED_ONLY =
  "Better Auth keeps only declared fields that accept input; the bounds test checks none is unbounded";
const CORE_SESSION =
  "update-session keeps only declared additional session fields, never this column";

/** String fields no endpoint stores, with the reason; the bounds test holds every field to one list. */
export const UNSTORED_FIELDS: Record<string, Record<string, string>> = {
  "/sign-up/email": { password: PASSWORD, "*": DECLARED_ONLY },
  "/update-user": {
    "*": DECLARED_ONLY,
    email: "refused by Better Auth (EMAIL_CAN_NOT_BE_UPDATED); /change-email bounds a new address",
  },
  "/update-session": {
    "*": DECLARED_ONLY,
    token: CORE_SESSION,
    ipAddress: CORE_SESSION,
    userAgent: CORE_SESSION,
    userId: CORE_SESSION,
  },
  "/sign-in/email": { password: PASSWORD },
  "/sign-in/social": { provider: LOOKUP },
  "/link-social": { provider: LOOKUP },
  "/reset-password": { newPassword: PASSWORD, token: LOOKUP },
  "/verify-password": { password: PASSWORD },
  "/change-password": { newPassword: PASSWORD, currentPassword: PASSWORD },
  "/delete-user": { password: PASSWORD, token: LOOKUP },
  "/delete-user/callback": { token: LOOKUP },
  "/account-info": { accountId: LOOKUP, userId: LOOKUP },
  "/revoke-session": { token: LOOKUP },
  "/unlink-account": { accountId: LOOKUP, providerId: LOOKUP },
  "/refresh-token": { providerId: LOOKUP, accountId: LOOKUP, userId: LOOKUP },
  "/get-access-token": { providerId: LOOKUP, accountId: LOOKUP, userId: LOOKUP },
  "/two-factor/get-totp-uri": { password: PASSWORD },
  "/two-factor/generate-backup-codes": { password: PASSWORD },
  "/two-factor/enable": { password: PASSWORD },
  "/two-factor/disable": { password: PASSWORD },
  "/verify-email": { token: LOOKUP },
};
