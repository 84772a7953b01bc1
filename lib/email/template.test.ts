import { describe, expect, it } from "vitest";
import { existingAccountMessage, verifyEmailMessage } from "./messages";
import { renderEmail } from "./template";

describe("email template", () => {
  it("has a subject, a text part and an HTML part holding the same absolute link", () => {
    const url = "http://localhost:3000/api/auth/verify-email?token=abc&callbackURL=%2Ftodos";
    const email = verifyEmailMessage(url, 24);
    expect(email.subject).toBe("Verify your email for Todos");
    expect(email.text).toContain(url);
    expect(email.text).toContain("valid for 24 hours");
    expect(email.html).toContain(
      'href="http://localhost:3000/api/auth/verify-email?token=abc&amp;callbackURL=%2Ftodos"',
    );
    expect(email.html).toContain("Verify email");
    expect(
      existingAccountMessage(
        "http://localhost:3000/sign-in",
        "http://localhost:3000/forgot-password",
      ).text,
    ).toContain("http://localhost:3000/sign-in");
  });

  it("escapes everything it puts into HTML", () => {
    const email = renderEmail({
      subject: "s",
      heading: "<script>alert(1)</script>",
      intro: 'a "quote" & more',
      action: { label: "Go", url: 'https://x.example/?q="><img src=x>' },
      notYou: "ignore",
    });
    expect(email.html).not.toContain("<script>");
    expect(email.html).not.toContain('"><img');
    expect(email.html).toContain("&lt;script&gt;");
  });
});
