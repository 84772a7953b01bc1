/** What a change-email token says, unverified: Better Auth checks its signature itself. */
export function changeClaims(
  token: string,
): { userId: string; email: string; updateTo: string; requestType?: string } | undefined {
  try {
    const claims = JSON.parse(Buffer.from(token.split(".")[1] ?? "", "base64url").toString("utf8"));
    const { userId, email, updateTo, requestType } = claims ?? {};
    if ([userId, email, updateTo].some((value) => typeof value !== "string")) return undefined;
    return { userId, email, updateTo, requestType: requestType ?? undefined };
  } catch {
    return undefined;
  }
}
