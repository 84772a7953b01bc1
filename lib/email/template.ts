/** The one layout every email shares: app name, one button, the raw link, validity, and a safety line. */
export interface EmailContent {
  subject: string;
  heading: string;
  intro: string;
  action: { label: string; url: string };
  /** e.g. "This link is valid for 1 hour." */
  validity?: string;
  /** What to do if the reader did not ask for this. */
  notYou: string;
}

export interface RenderedEmail {
  subject: string;
  text: string;
  html: string;
}

export const APP_NAME = "Todos";

const escapeHtml = (value: string) =>
  value
    .replaceAll("&", "&amp;")
    .replaceAll("<", "&lt;")
    .replaceAll(">", "&gt;")
    .replaceAll('"', "&quot;")
    .replaceAll("'", "&#39;");

export function renderEmail(content: EmailContent): RenderedEmail {
  const { heading, intro, action, validity, notYou } = content;
  const text = [
    APP_NAME,
    "",
    heading,
    "",
    intro,
    "",
    `${action.label}: ${action.url}`,
    ...(validity ? ["", validity] : []),
    "",
    notYou,
    "",
  ].join("\n");

  const url = escapeHtml(action.url);
  const html = `<!doctype html>
<html lang="en">
<body style="margin:0;padding:24px;background:#f4f4f5;font-family:system-ui,-apple-system,Segoe UI,Roboto,sans-serif;color:#18181b">
  <table role="presentation" width="100%" style="max-width:520px;margin:0 auto;background:#ffffff;border-radius:12px;padding:32px">
    <tr><td>
      <p style="margin:0 0 24px;font-weight:700;font-size:18px">${APP_NAME}</p>
      <h1 style="margin:0 0 16px;font-size:22px">${escapeHtml(heading)}</h1>
      <p style="margin:0 0 24px;line-height:1.5">${escapeHtml(intro)}</p>
      <p style="margin:0 0 24px"><a href="${url}" style="display:inline-block;background:#18181b;color:#ffffff;text-decoration:none;padding:12px 20px;border-radius:8px;font-weight:600">${escapeHtml(action.label)}</a></p>
      <p style="margin:0 0 8px;font-size:13px;color:#52525b">Or paste this link into your browser:</p>
      <p style="margin:0 0 24px;font-size:13px;word-break:break-all"><a href="${url}" style="color:#2563eb">${url}</a></p>
      ${validity ? `<p style="margin:0 0 8px;font-size:13px;color:#52525b">${escapeHtml(validity)}</p>` : ""}
      <p style="margin:0;font-size:13px;color:#52525b">${escapeHtml(notYou)}</p>
    </td></tr>
  </table>
</body>
</html>`;
  return { subject: content.subject, text, html };
}
