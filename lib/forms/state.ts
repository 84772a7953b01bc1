/** What every form action returns: never a password or token, only what the form needs to show. */
export type FormState =
  | { status: "idle" }
  | {
      status: "error";
      message: string;
      fields?: Record<string, string>;
      /** What the user typed, to refill the form (passwords are never included). */
      values?: Record<string, string>;
      /** Extra UI hint, e.g. offer "Resend verification email". */
      reason?: "email_not_verified" | "invalid_link";
    }
  | {
      status: "success";
      message: string;
      /** Shown once to the account's owner: a new authenticator's QR code and secret, backup codes. */
      reveal?: { qrSvg?: string; secret?: string; backupCodes?: string[] };
    };

export const idle: FormState = { status: "idle" };

export const UNEXPECTED = "Something went wrong on our side. Please try again.";
