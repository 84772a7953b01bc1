import { Server } from "node:net";
import { env } from "@/lib/env";
import { isLoopbackIp } from "@/lib/net/ip";

/** Exits before the first request when the server must not serve. Node only (instrumentation.ts). */
export function refuseToStartIfMisconfigured(): void {
  const problem = startProblem();
  if (problem) {
    console.error(`Refusing to start: ${problem}`);
    process.exit(1);
  }
}

function startProblem(): string | undefined {
  let settings: ReturnType<typeof env>;
  try {
    settings = env();
  } catch (error) {
    return (error as Error).message;
  }
  if (settings.RESEND_API_KEY) return undefined;
  const exposed = listeningAddresses().filter((address) => !isLoopbackIp(address));
  if (exposed.length === 0) return undefined;
  return (
    `without RESEND_API_KEY, emails (with live sign-in and reset links) wait in /dev/mailbox, so ` +
    `the server must listen on loopback only (next start -H 127.0.0.1), not ${exposed.join(", ")}.`
  );
}

/** Where this process's TCP servers listen: Next tells the app nothing about its own socket. */
function listeningAddresses(): string[] {
  // Undocumented but in every Node release: the handles keeping the process alive.
  const { _getActiveHandles } = process as unknown as { _getActiveHandles(): unknown[] };
  return _getActiveHandles.call(process).flatMap((handle) => {
    const address = handle instanceof Server ? handle.address() : null;
    return address && typeof address === "object" ? [address.address] : [];
  });
}
