import { NextRequest } from "next/server";
import { middleware } from "@/middleware";

/**
 * Runs the real middleware, then gives what Node would: its own answer when it stopped the
 * request, or the request with the headers it handed over (x-middleware-request-*).
 */
export async function throughMiddleware(
  request: NextRequest,
): Promise<{ stopped: Response } | { forwarded: Request; answer: Response }> {
  const answer = await middleware(new NextRequest(request.clone()));
  if (answer.headers.get("x-middleware-next") !== "1") return { stopped: answer };
  const headers = new Headers();
  for (const name of answer.headers.get("x-middleware-override-headers")?.split(",") ?? []) {
    const value = answer.headers.get(`x-middleware-request-${name}`);
    if (value !== null) headers.set(name, value);
  }
  const init = { headers, duplex: "half" } as RequestInit;
  return { forwarded: new Request(request, init), answer };
}
