/**
 * The bench's own builds of the app: a copy of the sources with a few files added or patched,
 * built apart (scripts/bench/build.ts), so production code carries no benchmark switch.
 */
export type VariantName = "counted" | "baseline";

interface Patch {
  file: string;
  /** Text that must occur exactly once in `file`; the build stops if it does not. */
  anchor: string;
  replacement: string;
}

interface Variant {
  /** Files copied in: path in the copy -> path in this repository. */
  overlays: Record<string, string>;
  patches: Patch[];
}

/** Every statement the database answers is counted (scripts/bench/variants/query-counter.ts). */
const counted: Variant = {
  overlays: { "lib/db/query-counter.ts": "scripts/bench/variants/query-counter.ts" },
  patches: [
    {
      file: "lib/db/index.ts",
      anchor: 'import "server-only";\n',
      replacement: 'import "server-only";\nimport { withQueryCounter } from "./query-counter";\n',
    },
    {
      file: "lib/db/index.ts",
      anchor: "createDatabase(configFromEnv())",
      replacement: "withQueryCounter(createDatabase(configFromEnv()))",
    },
  ],
};

/**
 * Better Auth's default, to compare against: no access JWT (cookie cache off), so the middleware
 * lets a session cookie through and every request reads the session row. Counted too.
 */
const baseline: Variant = {
  overlays: counted.overlays,
  patches: [
    ...counted.patches,
    {
      file: "lib/auth/index.ts",
      anchor: "cookieCache: { enabled: true,",
      replacement: "cookieCache: { enabled: false,",
    },
    {
      file: "middleware.ts",
      anchor: "  if (!signedIn && hasSessionCookie && renewsAccess(pathname)) {\n",
      replacement: [
        "  if (!signedIn && hasSessionCookie) {",
        "    // The baseline: the cookie's presence lets the page read the session row itself.",
        "    signedIn = true;",
        "  } else if (!signedIn && hasSessionCookie && renewsAccess(pathname)) {",
        "",
      ].join("\n"),
    },
    {
      // No handoff without an access JWT: pages, actions and routes ask Better Auth (a DB read).
      file: "lib/identity/current.ts",
      anchor:
        "  return secret ? verifyIdentity(requestHeaders.get(IDENTITY_HEADER), secret) : null;\n",
      replacement: [
        "  const handedOver = secret ? await verifyIdentity(requestHeaders.get(IDENTITY_HEADER), secret) : null;",
        "  if (handedOver) return handedOver;",
        '  const { auth } = await import("@/lib/auth");',
        "  const found = await auth().api.getSession({ headers: requestHeaders });",
        "  if (!found) return null;",
        "  const { id, email, name } = found.user;",
        "  return { user: { id, email, name }, session: { id: found.session.id } };",
        "",
      ].join("\n"),
    },
  ],
};

export const VARIANTS: Record<VariantName, Variant> = { counted, baseline };

/** Applies `patch` to the copied file's text; a missing or repeated anchor stops the build. */
export function applyPatch(text: string, patch: Patch): string {
  const occurrences = text.split(patch.anchor).length - 1;
  if (occurrences !== 1) {
    throw new Error(
      `bench variant: ${patch.file} has ${occurrences} occurrences of ${JSON.stringify(patch.anchor)} (want 1): update scripts/bench/variants/index.ts`,
    );
  }
  return text.replace(patch.anchor, () => patch.replacement);
}
