import * as z from "zod";

/** A 6-digit authenticator code; spaces people type between the halves are dropped. */
export const authenticatorCodeInput = z.object({
  code: z
    .string()
    .transform((code) => code.replace(/\s+/g, ""))
    .pipe(z.string().regex(/^\d{6}$/, "Enter the 6-digit code from your authenticator app")),
});

/** A backup code as we issue them (10 letters and digits, a dash in the middle). */
export const backupCodeInput = z.object({
  code: z
    .string()
    .trim()
    .regex(/^[A-Za-z0-9]{5}-?[A-Za-z0-9]{5}$/, "Enter one of your backup codes, like AB12C-D34EF")
    .transform((code) => (code.includes("-") ? code : `${code.slice(0, 5)}-${code.slice(5)}`)),
});

const passkeyId = z.string().min(1).max(200);

export const passkeyNameField = z
  .string()
  .trim()
  .min(1, "Give the passkey a name")
  .max(60, "Use at most 60 characters");

export const renamePasskeyInput = z.object({ id: passkeyId, name: passkeyNameField });

export const passkeyIdInput = z.object({ id: passkeyId });

/** The second step of sign-in: a code, and where to go afterwards. */
export const signInCodeInput = authenticatorCodeInput.extend({ next: z.string().optional() });
export const signInBackupCodeInput = backupCodeInput.extend({ next: z.string().optional() });
