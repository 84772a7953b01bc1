import type { Page } from "@playwright/test";
import { expect, test } from "../fixtures";
import { PASSWORD, signedInThroughApi, uniqueEmail } from "../helpers";

/** What the visitor sees after submitting, with the address they typed blanked out. */
async function visibleAnswer(page: Page, email: string) {
  const text = await page.locator("main").innerText();
  return {
    url: page.url().replaceAll(encodeURIComponent(email), "<email>"),
    text: text.replaceAll(email, "<email>"),
  };
}

test.describe("account enumeration through the forms", () => {
  test("sign-in with a wrong password shows the same page for a verified, an unverified and an unknown address", async ({
    page,
    browser,
    baseURL,
  }) => {
    const verified = await signedInThroughApi(page, "enum-verified");
    const unverified = uniqueEmail("enum-unverified");
    await page.request.post("/api/auth/sign-up/email", {
      data: { name: "Unverified", email: unverified, password: PASSWORD },
      headers: { origin: baseURL ?? "" },
    });
    const answers = [];
    for (const email of [verified, unverified, uniqueEmail("enum-unknown")]) {
      const context = await browser.newContext({ baseURL });
      const visitor = await context.newPage();
      await visitor.goto("/sign-in");
      await visitor.getByLabel("Email").fill(email);
      await visitor.getByLabel("Password", { exact: true }).fill("not the password at all");
      await visitor.getByRole("button", { name: "Sign in", exact: true }).click();
      await expect(visitor.getByRole("status").filter({ hasText: /\w/ }).first()).toBeVisible();
      answers.push(await visibleAnswer(visitor, email));
      await context.close();
    }
    expect(answers[0]?.text).toMatch(/wrong email or password/i);
    expect(answers[1]).toEqual(answers[0]);
    expect(answers[2]).toEqual(answers[0]);
  });

  test("forgot-password shows the same page for a known and an unknown address", async ({
    page,
    browser,
    baseURL,
  }) => {
    const known = await signedInThroughApi(page, "enum-reset");
    const answers = [];
    for (const email of [known, uniqueEmail("enum-reset-unknown")]) {
      const context = await browser.newContext({ baseURL });
      const visitor = await context.newPage();
      await visitor.goto("/forgot-password");
      await visitor.getByLabel("Email").fill(email);
      await visitor.getByRole("button", { name: "Send reset link" }).click();
      await expect(visitor.getByRole("status").filter({ hasText: /\w/ }).first()).toBeVisible();
      answers.push(await visibleAnswer(visitor, email));
      await context.close();
    }
    expect(answers[1]).toEqual(answers[0]);
  });

  test("sign-up shows the same page for a taken and a new address", async ({
    page,
    browser,
    baseURL,
  }) => {
    const taken = await signedInThroughApi(page, "enum-signup");
    const answers = [];
    for (const email of [taken, uniqueEmail("enum-signup-new")]) {
      const context = await browser.newContext({ baseURL });
      const visitor = await context.newPage();
      await visitor.goto("/sign-up");
      await visitor.getByLabel("Name").fill("Same Name");
      await visitor.getByLabel("Email").fill(email);
      await visitor.getByLabel("Password").fill(PASSWORD);
      await visitor.getByRole("button", { name: "Sign up" }).click();
      await expect(
        visitor.getByRole("heading", { level: 1, name: "Check your inbox" }),
      ).toBeVisible();
      answers.push(await visibleAnswer(visitor, email));
      await context.close();
    }
    expect(answers[1]).toEqual(answers[0]);
  });
});

test.describe("open redirects through ?next=", () => {
  const offSite = [
    "https://evil.example",
    "//evil.example",
    "/\\evil.example",
    "https:evil.example",
    "javascript:alert(1)",
    "%2F%2Fevil.example",
    "/%09/evil.example",
  ];

  test("the sign-in page never carries an off-site next into its form", async ({ page }) => {
    for (const next of offSite) {
      const res = await page.request.get(`/sign-in?next=${encodeURIComponent(next)}`);
      const html = await res.text();
      const carried = /name="next" value="([^"]*)"/.exec(html)?.[1];
      if (carried !== undefined) {
        expect(new URL(carried.replaceAll("&amp;", "&"), "http://here.invalid").origin, next).toBe(
          "http://here.invalid",
        );
        expect(carried.startsWith("/") && !carried.startsWith("//"), next).toBe(true);
      }
      expect(html).not.toContain('value="//evil.example"');
    }
  });

  test("signing in from /sign-in?next=//evil.example lands on /todos here", async ({
    page,
    browser,
    baseURL,
  }) => {
    const email = await signedInThroughApi(page, "next-redirect");
    for (const next of ["//evil.example", "https://evil.example/todos", "/\\evil.example"]) {
      const context = await browser.newContext({ baseURL });
      const visitor = await context.newPage();
      await visitor.goto(`/sign-in?next=${encodeURIComponent(next)}`);
      await visitor.getByLabel("Email").fill(email);
      await visitor.getByLabel("Password", { exact: true }).fill(PASSWORD);
      await visitor.getByRole("button", { name: "Sign in", exact: true }).click();
      await expect(visitor).toHaveURL(`${baseURL}/todos`);
      await context.close();
    }
  });

  test("/session-ended sends an off-site next to sign in here", async ({ page, baseURL }) => {
    for (const next of offSite) {
      const res = await page.request.get(`/session-ended?next=${encodeURIComponent(next)}`, {
        maxRedirects: 0,
      });
      const location = new URL(res.headers().location ?? "", baseURL);
      expect(location.origin, next).toBe(baseURL);
      expect(location.pathname).toBe("/sign-in");
    }
  });
});
