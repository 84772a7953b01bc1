import { RULES } from "../lib/rate-limit";
import { expect, test } from "./fixtures";
import { signIn, uniqueEmail } from "./helpers";

test("repeated wrong passwords show the wait next to the form and keep the email", async ({
  page,
}) => {
  const email = uniqueEmail("locked");
  for (let i = 0; i < RULES.failedPasswordsPerAccount.limit; i++) {
    await signIn(page, email, `wrong password ${i}`);
    await expect(page.getByRole("status")).toHaveText("Wrong email or password.");
  }
  await signIn(page, email, "one more guess");
  await expect(page.getByRole("status")).toHaveText(
    /^Too many attempts\. Try again in \d+ seconds\.$/,
  );
  await expect(page.getByLabel("Email")).toHaveValue(email);
  await expect(page.getByLabel("Password", { exact: true })).toHaveValue("");
});
