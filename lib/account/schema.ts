import * as z from "zod";
import { PASSWORD_MAX_LENGTH } from "./lengths-and-lifetimes";
import { passwordProblem } from "./password-rules";

export const emailField = z
  .string()
  .trim()
  .min(1, "Enter your email address")
  .max(254, "That email address is too long")
  .pipe(z.email("Enter a valid email address, like name@example.com"))
  .transform((email) => email.toLowerCase());

/** A password being chosen: the whole policy (length, common passwords) says why it is refused. */
export const newPasswordField = z.string().superRefine((password, ctx) => {
  const problem = passwordProblem(password);
  if (problem) ctx.addIssue({ code: "custom", message: problem });
});

/** A password being checked: only bounded, never judged. */
const currentPasswordField = z
  .string()
  .min(1, "Enter your password")
  .max(PASSWORD_MAX_LENGTH, "Wrong password");

/** The account name, the same for the forms and Better Auth's HTTP API (lib/account/field-bounds.ts). */
export const nameField = z
  .string()
  .trim()
  .min(1, "Enter your name")
  .max(100, "Use at most 100 characters");

/** A password equal to the account's email is refused too, with the message on the password field. */
function passwordIsNotEmail(input: { email: string; password: string }, ctx: z.RefinementCtx) {
  const problem = passwordProblem(input.password, input.email);
  if (problem) ctx.addIssue({ code: "custom", message: problem, path: ["password"] });
}

export const signUpInput = z
  .object({ name: nameField, email: emailField, password: newPasswordField })
  .superRefine(passwordIsNotEmail);

export const signInInput = z.object({
  email: emailField,
  password: z
    .string()
    .min(1, "Enter your password")
    .max(PASSWORD_MAX_LENGTH, "Wrong email or password"),
  rememberMe: z.stringbool().default(false),
  next: z.string().optional(),
});

export const emailOnlyInput = z.object({ email: emailField });

export const resetPasswordInput = z.object({
  token: z.string().min(1, "This reset link is incomplete").max(200),
  newPassword: newPasswordField,
});

export const updateNameInput = z.object({ name: nameField });

export const changeEmailInput = z.object({ newEmail: emailField });

export const changePasswordInput = z.object({
  currentPassword: currentPasswordField,
  newPassword: newPasswordField,
  revokeOtherSessions: z.stringbool().default(false),
});

/** Re-entering the current password to confirm a sensitive step. */
export const confirmPasswordInput = z.object({ password: currentPasswordField });
