import { APP_NAME, type RenderedEmail, renderEmail } from "./template";

export function verifyEmailMessage(url: string, validForHours: number): RenderedEmail {
  return renderEmail({
    subject: `Verify your email for ${APP_NAME}`,
    heading: "Confirm your email address",
    intro: "Thanks for signing up. Confirm this address to start using your todo list.",
    action: { label: "Verify email", url },
    validity: `This link is valid for ${validForHours} hours.`,
    notYou:
      "If you did not create an account, you can ignore this email: nothing happens without a click.",
  });
}

/** Sent instead of a second sign-up, so the form never reveals which addresses have accounts. */
export function existingAccountMessage(signInUrl: string): RenderedEmail {
  return renderEmail({
    subject: `You already have a ${APP_NAME} account`,
    heading: "You already have an account",
    intro:
      'Someone (probably you) tried to sign up with this email address, which already has an account. Sign in instead; if you forgot your password, use "Forgot password?" on the sign-in page.',
    action: { label: "Sign in", url: signInUrl },
    notYou: "If it was not you, no action is needed: your account has not changed.",
  });
}
