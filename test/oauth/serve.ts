import { startTestProvider } from "./provider";

/**
 * The loopback OIDC provider as a process, for the browser tests (playwright.config.ts starts it):
 * `tsx test/oauth/serve.ts PORT APP_URL`. It approves at once as the user below.
 */
const [port = "0", appUrl = "http://localhost:3000"] = process.argv.slice(2);
const provider = await startTestProvider({
  port: Number(port),
  redirectUris: [`${appUrl}/api/auth/oauth2/callback/oidc`],
  user: {
    sub: "e2e-oidc-user",
    email: "oidc.person@example.com",
    email_verified: true,
    name: "OIDC Person",
  },
});
console.log(`Test OIDC provider at ${provider.issuer}`);
for (const signal of ["SIGINT", "SIGTERM"] as const) {
  process.on(signal, () => void provider.stop().then(() => process.exit(0)));
}
