/**
 * Runs before `next dev|build|start`: on a laptop, generates BETTER_AUTH_SECRET once into
 * .env.local (git-ignored), because the edge middleware reads only process.env, never files.
 */
import { randomBytes } from "node:crypto";
import { appendFileSync, existsSync, readFileSync } from "node:fs";

const file = ".env.local";
const existing = existsSync(file) ? readFileSync(file, "utf8") : "";
if (!process.env.BETTER_AUTH_SECRET && !/^BETTER_AUTH_SECRET=\S{32,}/m.test(existing)) {
  const separator = existing && !existing.endsWith("\n") ? "\n" : "";
  const secret = randomBytes(32).toString("base64url");
  appendFileSync(
    file,
    `${separator}# Generated for local development; never commit.\nBETTER_AUTH_SECRET=${secret}\n`,
    {
      mode: 0o600,
    },
  );
  console.log(`Generated BETTER_AUTH_SECRET into ${file}`);
}
