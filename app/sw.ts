import {
  NetworkFirst,
  NetworkOnly,
  type PrecacheEntry,
  type RouteMatchCallbackOptions,
  Serwist,
  type SerwistPlugin,
} from "serwist";
import { OFFLINE_PAGES_CACHE } from "./(app)/todos/_offline/store";
import { copyIsLive, wipeOfflineCopy } from "./(app)/todos/_offline/wipe";

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

/**
 * Only a page actually rendered for a signed-in user whose session may keep a copy ("Remember me",
 * recorded by the page with its expiry) is kept; a redirect to sign in wipes the copy, and so does
 * an offline open after the session's expiry: a closed device cannot learn it was signed out.
 */
const keepSignedInPagesOnly: SerwistPlugin = {
  cacheWillUpdate: async ({ response }) =>
    response.status === 200 &&
    response.headers.get("content-type")?.startsWith("text/html") &&
    (await copyIsLive())
      ? response
      : null,
  fetchDidSucceed: async ({ response }) => {
    if (response.type === "opaqueredirect" || response.redirected) await wipeOfflineCopy();
    return response;
  },
  cachedResponseWillBeUsed: async ({ cachedResponse }) => {
    if (!cachedResponse || (await copyIsLive())) return cachedResponse;
    await wipeOfflineCopy();
    return null;
  },
};

/** The sign-in page renders only for a signed-out device: nothing of the last user stays behind. */
const forgetOnSignIn: SerwistPlugin = {
  fetchDidSucceed: async ({ response }) => {
    if (response.status === 200) await wipeOfflineCopy();
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
