import { afterEach } from "vitest";
import { forgetEnv } from "@/test/process-state";

// A fixed test secret and URL; each file may change them and call forgetEnv().
process.env.BETTER_AUTH_SECRET = "test-secret-that-is-at-least-32-characters-long";
process.env.BETTER_AUTH_URL = "http://localhost:3000";
delete process.env.DATABASE_URL;
delete process.env.RESEND_API_KEY;
// No test reaches the internet: the breached-password check has its own tests against a stub.
process.env.PWNED_PASSWORDS_URL = "off";
forgetEnv();

afterEach(() => {
  // Component tests render into a shared document.
  if (typeof document !== "undefined") document.body.innerHTML = "";
});
