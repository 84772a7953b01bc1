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
export function existingAccountMessage(signInUrl: string, resetUrl: string): RenderedEmail {
  return renderEmail({
    subject: `You already have a ${APP_NAME} account`,
    heading: "Someone tried to sign up with your address",
    intro: `Someone (maybe you) just tried to create a ${APP_NAME} account with this email address, but it already has one. If the account is yours, sign in at ${signInUrl}, or choose a new password below if you forgot it. If you never created a ${APP_NAME} account but got an email asking you to verify this address, someone else may have signed up with it using a password they chose: do not open that verification link yet. First choose a new password with the button below, which replaces theirs and signs out every device; then sign in with it (if you are asked to verify your address then, that link is safe to use).`,
    action: { label: "Choose a new password", url: resetUrl },
    notYou:
      "If you already have your account and did not try to sign up just now, no action is needed: your account has not changed.",
  });
}

/** Confirms a new address before it replaces the old one. */
export function confirmNewEmailMessage(
  url: string,
  newEmail: string,
  validForHours: number,
): RenderedEmail {
  return renderEmail({
    subject: `Confirm your new email for ${APP_NAME}`,
    heading: "Confirm your new email address",
    intro: `You asked to use ${newEmail} for your ${APP_NAME} account. The change takes effect once you confirm it.`,
    action: { label: "Confirm new email", url },
    validity: `This link is valid for ${validForHours} hours.`,
    notYou:
      "If you did not ask for this, ignore this email: your account keeps its current address.",
  });
}

export function resetPasswordMessage(url: string): RenderedEmail {
  return renderEmail({
    subject: `Reset your ${APP_NAME} password`,
    heading: "Reset your password",
    intro:
      "Someone (probably you) asked to reset the password of this account. Choose a new one here.",
    action: { label: "Reset password", url },
    validity: "This link is valid for 1 hour and works only once.",
    notYou: "If you did not ask for this, ignore this email: your password stays as it is.",
  });
}

export function passwordResetNotice(signInUrl: string, forgotUrl: string): RenderedEmail {
  return renderEmail({
    subject: `Your ${APP_NAME} password was reset`,
    heading: "Your password was reset",
    intro:
      "The password of your account was just reset, and every device was signed out. Sign in with the new password.",
    action: { label: "Sign in", url: signInUrl },
    notYou: `If this was not you, reset your password again right away at ${forgotUrl}, and check your email account's security.`,
  });
}

export function passwordChangedNotice(settingsUrl: string, forgotUrl: string): RenderedEmail {
  return renderEmail({
    subject: `Your ${APP_NAME} password was changed`,
    heading: "Your password was changed",
    intro: "The password of your account was just changed from your settings.",
    action: { label: "Review your account", url: settingsUrl },
    notYou: `If this was not you, reset your password right away at ${forgotUrl}: that signs every device out.`,
  });
}

const utc = (at: Date) => `${at.toISOString().replace("T", " ").slice(0, 16)} UTC`;

/** Mailed to the current address first: nothing reaches the new address until this is opened. */
export function approveEmailChangeMessage(
  url: string,
  change: { newEmail: string; device?: string; ip?: string | null; at: Date },
  validForHours: number,
  forgotUrl: string,
): RenderedEmail {
  const from = [change.device, change.ip && `IP address ${change.ip}`].filter(Boolean).join(", ");
  return renderEmail({
    subject: `Approve the change of your ${APP_NAME} email`,
    heading: "Approve the change of your email address",
    intro: `Someone signed in to your ${APP_NAME} account${from ? ` (${from})` : ""} asked at ${utc(change.at)} to change its email address to ${change.newEmail}. Once you approve, we send that address a link to confirm it; only then does the change happen.`,
    action: { label: "Approve the change", url },
    validity: `This link is valid for ${validForHours} hours.`,
    notYou: `If this was not you, ignore this email and your account keeps this address. Then reset your password at ${forgotUrl}: that signs every device out and cancels the change.`,
  });
}

/** The final word to the address the account just left. */
export function emailChangedNotice(
  newEmail: string,
  noticeDays: number,
  securityUrl: string,
): RenderedEmail {
  return renderEmail({
    subject: `Your ${APP_NAME} email was changed`,
    heading: "Your email address was changed",
    intro: `Your ${APP_NAME} account now uses ${newEmail} instead of this address. For the next ${noticeDays} days, every password reset link we send is also announced here.`,
    action: { label: "Review your account's security", url: securityUrl },
    notYou:
      "If this was not you, sign in with your password while it still works and press “This wasn't me”: it signs every device out.",
  });
}

/** To an address the account left lately, when a reset link went to the one that replaced it. */
export function resetSentElsewhereNotice(replacedAt: Date, securityUrl: string): RenderedEmail {
  return renderEmail({
    subject: `A ${APP_NAME} password reset link went to your new address`,
    heading: "A reset link went to your account's new address",
    intro: `A link to reset the password of the ${APP_NAME} account that used this address until ${utc(replacedAt)} was just sent to the address that replaced it.`,
    action: { label: "Review your account's security", url: securityUrl },
    notYou:
      "If you did not change the email of your account, someone else did: sign in while your password still works and press “This wasn't me”, which signs every device out.",
  });
}

/** Mailed to an address another account asked to move to, once approved: it has an account here already. */
export function addressTakenNotice(signInUrl: string): RenderedEmail {
  return renderEmail({
    subject: `Someone asked to use your address for another ${APP_NAME} account`,
    heading: "This address already has an account",
    intro: `Someone signed in to another ${APP_NAME} account asked to change its email address to this one. This address already belongs to a ${APP_NAME} account, so nothing changed: no other account can take it.`,
    action: { label: "Sign in", url: signInUrl },
    notYou: "No action is needed: your account has not changed.",
  });
}

/** A reset was asked for an address that an account left lately: tell it, never the new address. */
export function addressLeftBehindNotice(replacedAt: Date, signInUrl: string): RenderedEmail {
  return renderEmail({
    subject: `This address no longer signs in to ${APP_NAME}`,
    heading: "This address is no longer your account's email",
    intro: `Someone asked to reset a password for this address, but the ${APP_NAME} account that used it changed its email address at ${utc(replacedAt)}, so no reset link was sent here.`,
    action: { label: "Sign in", url: signInUrl },
    notYou:
      "If you did not change your email, someone else did: sign in with your password while it still works and press “This wasn't me”, which signs every device out; any reset link is then announced to this address too.",
  });
}

export function newSignInMessage(
  sign: { device: string; ip: string; at: Date },
  devicesUrl: string,
  notMeUrl: string,
): RenderedEmail {
  return renderEmail({
    subject: "New sign-in to your account",
    heading: "New sign-in to your account",
    intro: `Your ${APP_NAME} account was just signed in to from ${sign.device} (IP address ${sign.ip}) at ${utc(sign.at)}.`,
    action: { label: "Review your devices", url: devicesUrl },
    notYou: `If this was not you, open ${notMeUrl} and press “This wasn't me”: it signs out every device and emails you a link to choose a new password.`,
  });
}

export function sessionReuseMessage(
  devicesUrl: string,
  forgotUrl: string,
  notMeUrl: string,
): RenderedEmail {
  return renderEmail({
    subject: `A device was signed out of ${APP_NAME} for your safety`,
    heading: "We signed a device out for your safety",
    intro:
      "An old sign-in credential of one of your devices was used again after it had been replaced, which is what a copied credential looks like. We signed that device out.",
    action: { label: "Review your devices", url: devicesUrl },
    notYou: `If you do not recognise this, open ${notMeUrl} and press “This wasn't me” (it signs out every device and emails you a reset link), or reset your password at ${forgotUrl}.`,
  });
}

/** What changed among the account's second factors, for the security notice. */
export type FactorChange =
  | "passkey-added"
  | "passkey-removed"
  | "authenticator-added"
  | "authenticator-removed"
  | "backup-codes-regenerated"
  | "backup-code-used";

const FACTOR_CHANGES: Record<FactorChange, { subject: string; intro: string }> = {
  "passkey-added": {
    subject: "A passkey was added",
    intro: "A new passkey can now sign in to your account.",
  },
  "passkey-removed": {
    subject: "A passkey was removed",
    intro: "A passkey was removed from your account.",
  },
  "authenticator-added": {
    subject: "An authenticator app was set up",
    intro: "Signing in now also asks for a code from an authenticator app.",
  },
  "authenticator-removed": {
    subject: "The authenticator app was removed",
    intro: "Signing in no longer asks for a code from an authenticator app.",
  },
  "backup-codes-regenerated": {
    subject: "New backup codes were made",
    intro: "New backup codes were made for your account; the old ones no longer work.",
  },
  "backup-code-used": {
    subject: "A backup code was used",
    intro:
      "One of your backup codes was just used to sign in or confirm a change. It cannot be used again.",
  },
};

export function factorChangeNotice(
  change: FactorChange,
  securityUrl: string,
  forgotUrl: string,
): RenderedEmail {
  const { subject, intro } = FACTOR_CHANGES[change];
  return renderEmail({
    subject: `${APP_NAME}: ${subject.toLowerCase()}`,
    heading: subject,
    intro,
    action: { label: "Review your security settings", url: securityUrl },
    notYou: `If this was not you, reset your password right away at ${forgotUrl}: that signs every device out.`,
  });
}
