import {
  NetworkFirst,
  NetworkOnly,
  type PrecacheEntry,
  type RouteMatchCallbackOptions,
  Serwist,
  type SerwistPlugin,
} from "serwist";
import { OFFLINE_DB_NAME, OFFLINE_PAGES_CACHE } from "./(app)/todos/_offline/store";

// The service worker (bundled by @serwist/turbopack, served at /serwist/sw.js). It keeps only what
// opens /todos offline: the build's static files and the last /todos pages. Everything else (sign-in,
// server actions, the API, the live feed) goes to the network untouched.

const manifest = (self as unknown as { __SW_MANIFEST: (PrecacheEntry | string)[] | undefined })
  .__SW_MANIFEST;

/** A page the list lives on, as a browser navigates to it (not its RSC refreshes). */
function isTodosDocument({ request, url, sameOrigin }: RouteMatchCallbackOptions): boolean {
  return (
    sameOrigin &&
    request.method === "GET" &&
    url.pathname === "/todos" &&
    request.headers.get("rsc") === null &&
    (request.mode === "navigate" || request.destination === "document")
  );
}

async function clearOfflineCopy(): Promise<void> {
  await caches.delete(OFFLINE_PAGES_CACHE);
  indexedDB.deleteDatabase(OFFLINE_DB_NAME);
}

/** Only a page actually rendered for a signed-in user is kept; a redirect to sign in clears the copy. */
const keepSignedInPagesOnly: SerwistPlugin = {
  cacheWillUpdate: async ({ response }) =>
    response.status === 200 && response.headers.get("content-type")?.startsWith("text/html")
      ? response
      : null,
  fetchDidSucceed: async ({ response }) => {
    if (response.type === "opaqueredirect" || response.redirected) await clearOfflineCopy();
    return response;
  },
};

/** The sign-in page renders only for a signed-out device: nothing of the last user stays behind. */
const forgetOnSignIn: SerwistPlugin = {
  fetchDidSucceed: async ({ response }) => {
    if (response.status === 200) await clearOfflineCopy();
    return response;
  },
};

const serwist = new Serwist({
  precacheEntries: manifest,
  skipWaiting: true,
  clientsClaim: true,
  navigationPreload: false,
  runtimeCaching: [
    {
      matcher: isTodosDocument,
      handler: new NetworkFirst({
        cacheName: OFFLINE_PAGES_CACHE,
        networkTimeoutSeconds: 5,
        // The cached page answers with its own policy header and matching nonce, as it was served.
        matchOptions: { ignoreVary: true },
        plugins: [keepSignedInPagesOnly],
      }),
    },
    {
      matcher: ({ request, url, sameOrigin }) =>
        sameOrigin && request.mode === "navigate" && url.pathname === "/sign-in",
      handler: new NetworkOnly({ plugins: [forgetOnSignIn] }),
    },
  ],
});

serwist.addEventListeners();
