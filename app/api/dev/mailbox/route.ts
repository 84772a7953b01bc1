import { usesOutbox } from "@/lib/email";
import { listOutbox } from "@/lib/email/outbox";
import { ApiError, errorResponse } from "@/lib/http/errors";

export const dynamic = "force-dynamic";

/** The dev outbox as JSON; it exists only while email is not sent through Resend. */
export async function GET(request: Request) {
  if (!usesOutbox()) {
    return errorResponse(
      new ApiError(404, "not_found", "The dev mailbox is off: email goes to Resend"),
    );
  }
  const to = new URL(request.url).searchParams.get("to") ?? undefined;
  return Response.json({ messages: await listOutbox(to) });
}
