import { APP_NAME, type RenderedEmail, renderEmail } from "./template";

export type ConnectedAccountChange = "connected" | "disconnected";

/** Told to the owner whenever a provider starts or stops signing in to the account. */
export function connectedAccountNotice(
  change: ConnectedAccountChange,
  providerName: string,
  securityUrl: string,
  forgotUrl: string,
): RenderedEmail {
  const connected = change === "connected";
  const subject = connected ? `${providerName} was connected` : `${providerName} was disconnected`;
  return renderEmail({
    subject: `${APP_NAME}: ${subject}`,
    heading: subject,
    intro: connected
      ? `Your ${providerName} account can now be used to sign in to ${APP_NAME}.`
      : `Your ${providerName} account can no longer be used to sign in to ${APP_NAME}.`,
    action: { label: "Review your security settings", url: securityUrl },
    notYou: `If this was not you, reset your password right away at ${forgotUrl}: that signs every device out. Then disconnect any account you do not know on the security page.`,
  });
}

/** Sent to a provider-made account (no password) asking to delete it: the link is the proof. */
export function confirmDeleteAccountMessage(url: string, validForHours: number): RenderedEmail {
  return renderEmail({
    subject: `Confirm deleting your ${APP_NAME} account`,
    heading: "Confirm deleting your account",
    intro: `Someone signed in to your ${APP_NAME} account asked to delete it, with every todo in it. Open this link in the browser where you asked, to delete it for good.`,
    action: { label: "Delete my account", url },
    validity: `This link is valid for ${validForHours} hours and works only once.`,
    notYou:
      "If you did not ask for this, do not open the link: your account stays. Sign out every device from the security page, since someone may be signed in as you.",
  });
}

/** The reset link, worded for an account that has no password yet (made with a provider). */
export function addPasswordMessage(url: string): RenderedEmail {
  return renderEmail({
    subject: `Add a password to your ${APP_NAME} account`,
    heading: "Add a password",
    intro: `Someone (probably you) asked to add a password to this ${APP_NAME} account, which signs in with a connected account today. Choose one here; every device is then signed out.`,
    action: { label: "Choose a password", url },
    validity: "This link is valid for 1 hour and works only once.",
    notYou:
      "If you did not ask for this, ignore this email: your account keeps signing in as it does now.",
  });
}
