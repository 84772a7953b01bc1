import { beforeAll, describe, expect, it, vi } from "vitest";
import { GET as mailboxJson } from "@/app/api/dev/mailbox/route";
import MailboxPage from "@/app/dev/mailbox/page";
import { sendEmail } from "@/lib/email";
import { withTestDatabase } from "@/test/database";
import { actAs } from "@/test/security/next-request";

vi.mock("next/headers", () => import("@/test/security/next-request"));
withTestDatabase();

const RESET_LINK = "http://localhost:3000/reset-password?token=live-reset-token";

beforeAll(async () => {
  await sendEmail({
    to: "victim@example.com",
    subject: "Reset your password",
    text: `Reset it: ${RESET_LINK}`,
    html: `<a href="${RESET_LINK}">Reset</a>`,
  });
});

/** As Next hands them over: Host from the client, x-forwarded-for = the socket's peer unless set. */
const FROM_THIS_MACHINE: Record<string, string>[] = [
  { host: "localhost:3000", "x-forwarded-for": "127.0.0.1" },
  { host: "127.0.0.1:3100", "x-forwarded-for": "::ffff:127.0.0.1" },
  { host: "[::1]:3000", "x-forwarded-for": "::1", "x-forwarded-host": "[::1]:3000" },
  // Tests play many clients with x-real-ip; with no proxy it says nothing about the connection.
  { host: "localhost:3000", "x-forwarded-for": "127.0.0.1", "x-real-ip": "198.18.0.7" },
];
const FROM_ELSEWHERE: Record<string, string>[] = [
  { host: "todos.example.com", "x-forwarded-for": "203.0.113.9" },
  { host: "192.0.2.2:3000", "x-forwarded-for": "192.0.2.50" },
  { host: "localhost:3000", "x-forwarded-for": "203.0.113.9" },
  { host: "localhost:3000", "x-forwarded-for": "203.0.113.9, 127.0.0.1" },
  {
    host: "localhost:3000",
    "x-forwarded-for": "127.0.0.1",
    "x-forwarded-host": "todos.example.com",
  },
  { host: "localhost:3000", "x-forwarded-for": "127.0.0.1", forwarded: "for=203.0.113.9" },
  // A DNS-rebinding page: the browser connects to loopback but names its own host.
  { host: "attacker.example:3000", "x-forwarded-for": "127.0.0.1" },
  { host: "localhost:3000" },
];

function jsonRequest(headers: Record<string, string>) {
  return new Request("http://localhost:3000/api/dev/mailbox", { headers });
}

describe("the dev mailbox holds live reset links: only this machine may read it", () => {
  it.each(FROM_THIS_MACHINE)("JSON answers a request from this machine (%o)", async (headers) => {
    const response = await mailboxJson(jsonRequest(headers));
    expect(response.status).toBe(200);
    expect(await response.text()).toContain(RESET_LINK);
  });

  it.each(FROM_ELSEWHERE)("JSON refuses a request from elsewhere (%o)", async (headers) => {
    const response = await mailboxJson(jsonRequest(headers));
    expect(response.status).toBe(403);
    expect(await response.text()).not.toContain("live-reset-token");
  });

  it.each(FROM_ELSEWHERE)("the page is not found from elsewhere (%o)", async (headers) => {
    actAs(undefined, headers);
    await expect(MailboxPage({ searchParams: Promise.resolve({}) })).rejects.toThrow(
      /NEXT_HTTP_ERROR_FALLBACK;404/,
    );
  });

  it("the page shows the links to this machine", async () => {
    actAs(undefined, FROM_THIS_MACHINE[0]);
    const page = await MailboxPage({ searchParams: Promise.resolve({}) });
    expect(JSON.stringify(page)).toContain(RESET_LINK);
  });
});
