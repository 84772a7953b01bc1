import { describe, expect, it } from "vitest";
import { withTestDatabase } from "@/test/database";
import {
  APPROVAL_SUBJECT,
  askEmailChange,
  CONFIRM_SUBJECT,
  linkMailedTo,
  openAndApprove,
} from "@/test/email-change";
import { createVerifiedUser, latestEmailTo } from "@/test/http";

const getDb = withTestDatabase();

const emailOf = async (id: string) =>
  (await getDb().selectFrom("user").select("email").where("id", "=", id).executeTakeFirstOrThrow())
    .email;

const idOf = async (email: string) =>
  (
    await getDb()
      .selectFrom("user")
      .select("id")
      .where("email", "=", email)
      .executeTakeFirstOrThrow()
  ).id;

/**
 * An attacker signs up an account of their own (a fresh sign-in is a step-up) and asks to move it
 * to each address of a list: whatever reaches them (the answer, their own inbox) must be the same
 * whether or not the address already has an account, or they learn who uses the app.
 */
describe("change-email does not tell a signed-in asker which addresses have accounts", () => {
  it("a taken address gets the asker the same answer and the same approval mail as a free one", async () => {
    const attacker = "enum-attacker-1@example.com";
    const jar = await createVerifiedUser(attacker);
    await createVerifiedUser("enum-victim-1@example.com");

    const taken = await askEmailChange(jar, "enum-victim-1@example.com");
    const takenMail = await latestEmailTo(attacker);
    const free = await askEmailChange(jar, "enum-nobody-1@example.com");
    const freeMail = await latestEmailTo(attacker);

    expect(taken.status).toBe(free.status);
    expect(await taken.text()).toBe(await free.text());
    expect(freeMail?.subject).toBe(APPROVAL_SUBJECT);
    expect(takenMail?.subject).toBe(APPROVAL_SUBJECT);
    expect(takenMail?.text).toContain("enum-victim-1@example.com");
    expect(takenMail?.id).not.toBe(freeMail?.id);
  });

  it("approving a move to a taken address tells that address's owner, mails no confirmation link and moves nobody", async () => {
    const attacker = "enum-attacker-2@example.com";
    const victim = "enum-victim-2@example.com";
    const jar = await createVerifiedUser(attacker);
    await createVerifiedUser(victim);
    const [attackerId, victimId] = [await idOf(attacker), await idOf(victim)];
    const before = await latestEmailTo(victim);

    expect((await askEmailChange(jar, victim)).status).toBe(200);
    const approved = await openAndApprove(await linkMailedTo(attacker, APPROVAL_SUBJECT));
    expect(approved.status).toBeLessThan(400);

    const notice = await latestEmailTo(victim);
    expect(notice?.id).not.toBe(before?.id);
    expect(notice?.subject).not.toBe(CONFIRM_SUBJECT);
    expect(notice?.text).not.toMatch(/verify-email\?token=/);
    expect(await emailOf(attackerId)).toBe(attacker);
    expect(await emailOf(victimId)).toBe(victim);
  });
});
