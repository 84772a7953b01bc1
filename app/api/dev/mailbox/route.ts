import { usesOutbox } from "@/lib/email";
import { listOutbox } from "@/lib/email/outbox";
import { ApiError, errorResponse } from "@/lib/http/errors";
import { isFromThisMachine } from "@/lib/net/loopback";

export const dynamic = "force-dynamic";

/** The dev outbox as JSON: only while email is not sent through Resend, and only to this machine. */
export async function GET(request: Request) {
  if (!usesOutbox()) {
    return errorResponse(
      new ApiError(404, "not_found", "The dev mailbox is off: email goes to Resend"),
    );
  }
  if (!isFromThisMachine(request.headers)) {
    return errorResponse(
      new ApiError(403, "loopback_only", "The dev mailbox answers only requests from this machine"),
    );
  }
  const to = new URL(request.url).searchParams.get("to") ?? undefined;
  return Response.json({ messages: await listOutbox(to) });
}
