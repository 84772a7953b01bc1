import "server-only";
import { headers } from "next/headers";
import { isSameOrigin } from "@/lib/http/request";

export const CROSS_ORIGIN_MESSAGE = "This form was sent from another site, so nothing was changed.";

/**
 * Next refuses a server action whose Origin names another host, but not another scheme: a page at
 * http://this-host could still post to https://this-host. Every action checks the whole origin.
 */
export async function isCrossOriginPost(): Promise<boolean> {
  const list = await headers();
  const scheme = (list.get("x-forwarded-proto") ?? "http").split(",")[0]?.trim();
  return !isSameOrigin(list, `${scheme}:`);
}
