import { expect, test } from "../fixtures";
import { PASSWORD, signedInThroughApi, uniqueEmail } from "../helpers";
import { type Field, formWith, formWithField, postForm } from "./forms";

/** Origins a forged cross-site form post could carry (a browser cannot forge Host or X-Forwarded-Host). */
const foreignOrigins = (baseURL: string) => {
  const { host } = new URL(baseURL);
  return [
    "https://evil.example",
    "null",
    `http://${host}.evil.example`,
    // This host over another scheme: Next's own check compares hosts only.
    `https://${host}`,
    `http://evil.example:${new URL(baseURL).port}`,
  ];
};

const listTodos = async (page: import("@playwright/test").Page) =>
  (await (await page.request.get("/api/todos")).json()).todos as {
    id: string;
    title: string;
    completed: boolean;
  }[];

test.describe("CSRF on server actions (no-JS form posts with the signed-in cookies)", () => {
  test("every todo action posted from a foreign Origin is refused and changes nothing", async ({
    page,
    baseURL,
  }) => {
    await signedInThroughApi(page, "csrf-todos");
    for (const title of ["keep me", "done already"]) {
      expect((await page.request.post("/api/todos", { data: { title } })).status()).toBe(201);
    }
    const [open, done] = await listTodos(page);
    await page.request.patch(`/api/todos/${done?.id}`, { data: { completed: true } });
    const before = await listTodos(page);
    const form = await formWith(page, "/todos", { intent: "create" });
    // The fields React renders to name the action (and, for a useActionState form, its state).
    const actionId = form.filter(([name]) => name.startsWith("$ACTION_"));
    expect(actionId.some(([name]) => /^\$ACTION_(ID|REF)_/.test(name))).toBe(true);
    const attempts: Record<string, string>[] = [
      { intent: "create", title: "forged" },
      { intent: "toggle", id: open?.id ?? "", completed: "true" },
      { intent: "rename", id: open?.id ?? "", title: "forged" },
      { intent: "delete", id: open?.id ?? "" },
      { intent: "toggle-all", completed: "true" },
      { intent: "clear-completed" },
    ];
    for (const origin of foreignOrigins(baseURL ?? "")) {
      for (const fields of attempts) {
        // Next refuses another host (500); the app's own check, another scheme (the form's error).
        await postForm(page, "/todos", actionId, fields, { origin });
        expect(await listTodos(page), `${fields.intent} from ${origin}`).toEqual(before);
      }
    }
    expect(await listTodos(page)).toEqual(before);

    // The very same post from this site's origin goes through: the refusals are the Origin check.
    const ok = await postForm(page, "/todos", actionId, attempts[0] ?? {}, {
      origin: baseURL ?? "",
    });
    expect(ok.status()).toBe(200);
    expect((await listTodos(page)).map((t) => t.title)).toContain("forged");
  });

  test("the settings actions (password, email, name, delete account) from a foreign Origin change nothing", async ({
    page,
    baseURL,
  }) => {
    const email = await signedInThroughApi(page, "csrf-settings");
    const attacker = uniqueEmail("csrf-attacker");
    const attempts: [field: string, values: Record<string, string>][] = [
      ["currentPassword", { currentPassword: PASSWORD, newPassword: "forged passphrase here" }],
      ["newEmail", { newEmail: attacker }],
      ["name", { name: "Forged Name" }],
      ["password", { password: PASSWORD }],
    ];
    for (const [field, values] of attempts) {
      const form: Field[] = await formWithField(page, "/settings", field);
      for (const origin of foreignOrigins(baseURL ?? "")) {
        await postForm(page, "/settings", form, values, { origin });
      }
    }
    const session = await (
      await page.request.get("/api/auth/get-session?disableCookieCache=true")
    ).json();
    expect(session.user).toMatchObject({ email, name: "Todo Tester" });
    // The password is unchanged: it still signs in, from a fresh client.
    const fresh = await page.context().browser()?.newContext({ baseURL });
    const signIn = await fresh?.request.post("/api/auth/sign-in/email", {
      data: { email, password: PASSWORD },
      headers: { origin: baseURL ?? "" },
    });
    expect(signIn?.status()).toBe(200);
    await fresh?.close();

    // The name form posted from this site's origin does rename: the refusals are the Origin check.
    const nameForm = await formWithField(page, "/settings", "name");
    await postForm(
      page,
      "/settings",
      nameForm,
      { name: "Renamed Here" },
      { origin: baseURL ?? "" },
    );
    const renamed = await (
      await page.request.get("/api/auth/get-session?disableCookieCache=true")
    ).json();
    expect(renamed.user.name).toBe("Renamed Here");

    // A forged email change would only have mailed: the email form posted from this site's origin
    // mails the owner an approval, so once it is there, any forged one would be there before it.
    const wanted = uniqueEmail("csrf-wanted");
    const emailForm = await formWithField(page, "/settings", "newEmail");
    await postForm(page, "/settings", emailForm, { newEmail: wanted }, { origin: baseURL ?? "" });
    const approvals = async () =>
      (await mailTo(page, email)).filter((m) => m.subject.startsWith("Approve the change"));
    await expect(async () => expect(await approvals()).toHaveLength(1)).toPass({ timeout: 15_000 });
    expect((await approvals())[0]?.text).toContain(wanted);
    expect((await approvals())[0]?.text).not.toContain(attacker);
    expect(await mailTo(page, attacker)).toEqual([]);
    expect(await mailTo(page, wanted)).toEqual([]);
  });
});

/** What the dev mailbox holds for an address, newest first. */
async function mailTo(page: import("@playwright/test").Page, address: string) {
  const res = await page.request.get(`/api/dev/mailbox?to=${encodeURIComponent(address)}`);
  expect(res.status()).toBe(200);
  return (await res.json()).messages as { subject: string; text: string }[];
}
