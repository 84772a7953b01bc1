/**
 * The start path of `next start` / `next dev` minus Next: optionally listen where LISTEN_HOST says
 * (as Next's server would), then run instrumentation.ts register() as Next does before serving.
 */
import { createServer } from "node:net";
import { register } from "@/instrumentation";

const host = process.env.LISTEN_HOST;
const server = createServer();
if (host) await new Promise<void>((resolve) => server.listen(0, host, resolve));
await register();
console.log("register returned: the server would serve");
server.close();
