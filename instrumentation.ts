/**
 * Next runs this once as `next dev` or `next start` comes up, before it serves a request: a server
 * that is misconfigured, or would show the outbox beyond this machine, exits instead.
 */
export async function register() {
  // Next's own marker, not app configuration; this exact form keeps node:net out of the Edge build.
  if (process.env.NEXT_RUNTIME === "nodejs") {
    const { refuseToStartIfMisconfigured } = await import("./lib/startup/start-problem");
    refuseToStartIfMisconfigured();
  }
}
