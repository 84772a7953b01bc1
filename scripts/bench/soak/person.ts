import { setTimeout as sleep } from "node:timers/promises";
import { BENCH_PASSWORD } from "../seed";
import { CookieJar } from "./cookie-jar";
import type { Recorder } from "./recorder";
import { firstAccessExpiry, type SoakSettings } from "./settings";

/** The kinds of request in the report, one row each. */
export const KIND = {
  signIn: "POST /api/auth/sign-in/email",
  signOut: "POST /api/auth/sign-out",
  page: "GET /todos (page)",
  pageRenewing: "GET /todos (page), renewing the access JWT",
  read: "GET /api/todos",
  readRenewing: "GET /api/todos, renewing the access JWT",
  create: "POST /api/todos",
  update: "PATCH /api/todos/:id",
  remove: "DELETE /api/todos/:id",
  feed: "GET /api/todos/feed, to its headers",
  heard: "a write, until its feed event arrives",
} as const;

const ACCESS_COOKIE = "better-auth.session_data";
/** The page's EventSource waits this long before reopening a refused feed (use-live-feed.ts). */
const REOPEN_AFTER_MS = 2000;

interface Todo {
  id: string;
  completed: boolean;
}

/**
 * One simulated person with one browser tab on /todos: the live feed open, the list read every
 * few seconds, a few writes a minute, cookies kept as a browser keeps them (so an access JWT that
 * ran out is renewed by the middleware on the next page or API request, as it is for a browser).
 */
export class Person {
  private readonly jar = new CookieJar();
  private readonly stopped = new AbortController();
  private feedAbort = new AbortController();
  private todos: Todo[] = [];
  /** Deleted here: a read that was under way meanwhile must not bring them back. */
  private readonly deleted = new Set<string>();
  private reads = 0;
  private busy = false;
  private inFlight = 0;
  private lastEventId: string | undefined;
  /** Writes sent and not yet heard on the feed: when each was sent. */
  private unheard: number[] = [];
  private readonly loops: Promise<void>[] = [];
  private cycle: Promise<void> | undefined;

  constructor(
    private readonly baseUrl: string,
    readonly email: string,
    private readonly ip: string,
    private readonly recorder: Recorder,
    private readonly settings: SoakSettings,
  ) {}

  /** Signs in, loads the page, opens the feed, then reads and writes until stop(). */
  async start(): Promise<boolean> {
    if (!(await this.signIn())) return false;
    this.jar.expireAt(ACCESS_COOKIE, firstAccessExpiry(this.settings, Date.now()));
    await this.loadPage();
    this.loops.push(this.feedLoop(), this.readLoop(), this.writeLoop());
    return true;
  }

  async stop(): Promise<void> {
    this.stopped.abort();
    this.feedAbort.abort();
    await this.cycle;
    // A sign-in that was under way may have opened a new feed meanwhile.
    this.feedAbort.abort();
    await Promise.all(this.loops);
  }

  get alive(): boolean {
    return !this.stopped.signal.aborted;
  }

  get cycling(): boolean {
    return this.busy;
  }

  /** Signs out (closing the feed first, as the page does) and back in a moment later. */
  signOutAndIn(): Promise<void> {
    if (this.busy || !this.alive) return Promise.resolve();
    this.busy = true;
    this.cycle = this.signOutThenIn().finally(() => {
      this.busy = false;
    });
    return this.cycle;
  }

  private async signOutThenIn(): Promise<void> {
    while (this.inFlight > 0) await sleep(20);
    this.feedAbort.abort();
    await this.send(KIND.signOut, "/api/auth/sign-out", [200], {
      method: "POST",
      headers: { "content-type": "application/json" },
      body: "{}",
    });
    if (this.jar.has("better-auth.session_token"))
      this.recorder.error(KIND.signOut, new Error(`${this.email}: session cookie kept`));
    await this.pause(1000 + Math.random() * 2000);
    if (!this.alive || !(await this.signIn())) return;
    await this.loadPage();
    if (!this.alive) return;
    this.feedAbort = new AbortController();
    this.lastEventId = undefined;
    this.loops.push(this.feedLoop());
  }

  private async signIn(): Promise<boolean> {
    const response = await this.send(KIND.signIn, "/api/auth/sign-in/email", [200], {
      method: "POST",
      headers: { "content-type": "application/json" },
      body: JSON.stringify({ email: this.email, password: BENCH_PASSWORD, rememberMe: true }),
    });
    return response !== undefined;
  }

  private async loadPage(): Promise<void> {
    const renewing = !this.jar.has(ACCESS_COOKIE);
    await this.send(renewing ? KIND.pageRenewing : KIND.page, "/todos", [200]);
    if (renewing) this.checkRenewed(KIND.pageRenewing);
  }

  private async readList(): Promise<void> {
    const renewing = !this.jar.has(ACCESS_COOKIE);
    const kind = renewing ? KIND.readRenewing : KIND.read;
    const response = await this.send(kind, "/api/todos?limit=50", [200], {}, async (r) => {
      const body = (await r.json()) as { todos: Todo[] };
      this.todos = body.todos
        .filter((todo) => !this.deleted.has(todo.id))
        .map(({ id, completed }) => ({ id, completed }));
    });
    if (response && renewing) this.checkRenewed(kind);
  }

  private checkRenewed(kind: string): void {
    if (!this.jar.has(ACCESS_COOKIE))
      this.recorder.error(kind, new Error(`${this.email}: no new access JWT after renewal`));
  }

  private async write(): Promise<void> {
    const pick = this.todos[Math.floor(Math.random() * this.todos.length)];
    const roll = Math.random();
    const sent = this.recorder.now();
    // Listed before it is sent: its feed event may arrive before its own response does.
    this.unheard.push(sent);
    let ok: Response | undefined;
    const json = { "content-type": "application/json" };
    if (!pick || this.todos.length < 5 || (roll < 0.4 && this.todos.length < 30)) {
      ok = await this.send(
        KIND.create,
        "/api/todos",
        [201],
        {
          method: "POST",
          headers: json,
          body: JSON.stringify({ title: `Soak todo ${Math.random().toString(36).slice(2, 8)}` }),
        },
        async (r) => {
          const todo = (await r.json()) as Todo;
          this.todos.push({ id: todo.id, completed: todo.completed });
        },
      );
    } else if (roll < 0.85 && this.todos.length <= 30) {
      const body: { completed?: boolean; title?: string } =
        roll < 0.7 ? { completed: !pick.completed } : { title: `Renamed ${sent.toFixed(0)}` };
      ok = await this.send(
        KIND.update,
        `/api/todos/${pick.id}`,
        [200],
        {
          method: "PATCH",
          headers: json,
          body: JSON.stringify(body),
        },
        async () => {
          if (body.completed !== undefined) pick.completed = body.completed;
        },
      );
    } else {
      ok = await this.send(
        KIND.remove,
        `/api/todos/${pick.id}`,
        [204],
        { method: "DELETE" },
        async () => {
          this.deleted.add(pick.id);
          this.todos = this.todos.filter((t) => t.id !== pick.id);
        },
      );
    }
    if (!ok) this.unheard = this.unheard.filter((at) => at !== sent);
  }

  /**
   * One request as the tab sends it: its cookies, its address, same-origin. An unexpected status
   * or a failed request is an error of `kind`; `read` consumes the body of a good answer.
   */
  private async send(
    kind: string,
    path: string,
    expected: number[],
    init: RequestInit = {},
    read?: (response: Response) => Promise<void>,
  ): Promise<Response | undefined> {
    this.inFlight += 1;
    try {
      return await this.recorder.time(kind, async () => {
        const headers = new Headers(init.headers);
        headers.set("x-real-ip", this.ip);
        headers.set("origin", this.baseUrl);
        const cookie = this.jar.header();
        if (cookie) headers.set("cookie", cookie);
        const response = await fetch(new URL(path, this.baseUrl), {
          ...init,
          headers,
          redirect: "manual",
        });
        this.jar.keep(response);
        if (!expected.includes(response.status)) {
          const text = (await response.text()).slice(0, 200);
          throw new Error(`${this.email}: ${response.status} ${text}`);
        }
        if (read) await read(response);
        else await response.arrayBuffer();
        return response;
      });
    } finally {
      this.inFlight -= 1;
    }
  }

  /** Waits `ms`, or less if the person leaves; false once they have. */
  private async pause(ms: number): Promise<boolean> {
    try {
      await sleep(ms, undefined, { signal: this.stopped.signal });
      return true;
    } catch {
      return false;
    }
  }

  private async readLoop(): Promise<void> {
    while (await this.pause(this.settings.readSeconds * 1000 * (0.5 + Math.random()))) {
      if (this.busy) continue;
      this.reads += 1;
      if (this.reads % this.settings.pageEvery === 0) await this.loadPage();
      else await this.readList();
    }
  }

  private async writeLoop(): Promise<void> {
    const mean = 60_000 / this.settings.writesPerMinute;
    while (await this.pause(mean * (0.5 + Math.random()))) {
      if (!this.busy) await this.write();
    }
  }

  /** The page's EventSource: reconnects when a response ends; a refusal makes the page renew. */
  private async feedLoop(): Promise<void> {
    const abort = this.feedAbort;
    while (!abort.signal.aborted) {
      const sent = this.recorder.now();
      let response: Response;
      try {
        response = await fetch(new URL("/api/todos/feed", this.baseUrl), {
          headers: {
            cookie: this.jar.header(),
            "x-real-ip": this.ip,
            accept: "text/event-stream",
            ...(this.lastEventId && { "last-event-id": this.lastEventId }),
          },
          signal: abort.signal,
        });
      } catch (error) {
        if (!abort.signal.aborted) this.recorder.error(KIND.feed, error);
        return;
      }
      if (response.status === 401) {
        const { error } = (await response.json().catch(() => ({}))) as {
          error?: { code?: string };
        };
        if (error?.code !== "access_expired") {
          this.recorder.error(KIND.feed, new Error(`${this.email}: 401 ${error?.code}`));
          return;
        }
        // The page re-renders (the middleware renews its access JWT), then the feed reopens.
        if (!this.busy) await this.loadPage();
        if (!(await this.pause(REOPEN_AFTER_MS))) return;
        continue;
      }
      if (!response.ok || !response.body) {
        this.recorder.error(KIND.feed, new Error(`${this.email}: ${response.status}`));
        return;
      }
      this.recorder.add(KIND.feed, sent, this.recorder.now() - sent);
      if (!(await this.readFeed(response.body, abort.signal))) return;
      if (!(await this.pause(250))) return;
    }
  }

  /** Reads one feed response to its end; false when it must not reconnect. */
  private async readFeed(body: ReadableStream<Uint8Array>, signal: AbortSignal): Promise<boolean> {
    const decoder = new TextDecoder();
    let buffer = "";
    try {
      const reader = body.getReader();
      for (let chunk = await reader.read(); !chunk.done; chunk = await reader.read()) {
        buffer += decoder.decode(chunk.value, { stream: true });
        for (let end = buffer.indexOf("\n\n"); end >= 0; end = buffer.indexOf("\n\n")) {
          const block = buffer.slice(0, end);
          buffer = buffer.slice(end + 2);
          const event = /^event: (.*)$/m.exec(block)?.[1];
          if (!event) continue;
          this.lastEventId = /^id: (.*)$/m.exec(block)?.[1] ?? this.lastEventId;
          const now = this.recorder.now();
          if (event === "change") {
            for (const at of this.unheard) this.recorder.add(KIND.heard, at, now - at);
            this.unheard = [];
          } else if (event === "signed-out") {
            this.recorder.error(KIND.feed, new Error(`${this.email}: signed out by the feed`));
            return false;
          }
        }
      }
      return true;
    } catch (error) {
      if (!signal.aborted) this.recorder.error(KIND.feed, error);
      return false;
    }
  }
}
