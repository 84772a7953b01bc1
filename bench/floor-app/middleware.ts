import { NextResponse } from "next/server";

/** A no-op edge middleware: what any middleware costs Next, with nothing of ours in it. */
export function middleware() {
  return NextResponse.next();
}

export const config = {
  // The app's own matcher (middleware.ts at the repository root), kept identical.
  matcher: ["/((?!_next/static|_next/image|favicon.ico).*)"],
};
