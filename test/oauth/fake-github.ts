import { afterAll, beforeAll } from "vitest";
import { BASE_URL } from "@/test/http";
import { forgetAuth, forgetEnv } from "@/test/process-state";
import { answerFromLoopback } from "./outside-world";
import { startTestProvider, type TestProvider } from "./provider";

export const GITHUB_CLIENT_ID = "test-github-client";
export const GITHUB_CALLBACK = `${BASE_URL}/api/auth/callback/github`;

/** GitHub's endpoints Better Auth calls (hard-coded in its github provider). */
const GITHUB_ENDPOINTS: Record<string, string> = {
  "https://github.com/login/oauth/authorize": "/authorize",
  "https://github.com/login/oauth/access_token": "/token",
  "https://api.github.com/user": "/user",
  "https://api.github.com/user/emails": "/user/emails",
};

/** The app configured with a GitHub client whose endpoints answer from loopback for this file. */
export function withFakeGitHub(): () => TestProvider {
  let github: TestProvider | undefined;
  let restore = () => {};
  beforeAll(async () => {
    github = await startTestProvider({
      clientId: GITHUB_CLIENT_ID,
      clientSecret: "test-github-secret",
      redirectUris: [GITHUB_CALLBACK],
      githubApi: true,
    });
    restore = answerFromLoopback(GITHUB_ENDPOINTS, github.address);
    process.env.GITHUB_CLIENT_ID = GITHUB_CLIENT_ID;
    process.env.GITHUB_CLIENT_SECRET = "test-github-secret";
    forgetEnv();
    forgetAuth();
  });
  afterAll(async () => {
    restore();
    delete process.env.GITHUB_CLIENT_ID;
    delete process.env.GITHUB_CLIENT_SECRET;
    forgetEnv();
    forgetAuth();
    await github?.stop();
  });
  return () => {
    if (!github) throw new Error("withFakeGitHub: not started yet");
    return github;
  };
}
