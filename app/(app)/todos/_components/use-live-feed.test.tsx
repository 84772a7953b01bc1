// @vitest-environment jsdom
import { act, cleanup, renderHook } from "@testing-library/react";
import { afterEach, beforeEach, describe, expect, it, vi } from "vitest";
import { PAUSE_HIDDEN_AFTER_MS, REOPEN_AT_MOST_EVERY_MS, useLiveFeed } from "./use-live-feed";

// The router and the browser's EventSource are this hook's boundary (the feed itself is tested
// against the server in app/api/todos/feed/route.test.ts and e2e/live.spec.ts).
const router = { refresh: vi.fn() };
vi.mock("next/navigation", () => ({ useRouter: () => router }));

class FakeEventSource extends EventTarget {
  static readonly CLOSED = 2;
  static opened: FakeEventSource[] = [];
  readyState = 1;
  constructor(readonly url: string) {
    super();
    FakeEventSource.opened.push(this);
  }
  close() {
    this.readyState = FakeEventSource.CLOSED;
  }
  emit(type: string, lastEventId: string) {
    this.dispatchEvent(new MessageEvent(type, { lastEventId, data: "{}" }));
  }
}

function setVisibility(state: "visible" | "hidden") {
  Object.defineProperty(document, "visibilityState", { value: state, configurable: true });
  document.dispatchEvent(new Event("visibilitychange"));
}

const live = () => FakeEventSource.opened.filter((s) => s.readyState !== FakeEventSource.CLOSED);

beforeEach(() => {
  vi.useFakeTimers();
  FakeEventSource.opened = [];
  vi.stubGlobal("EventSource", FakeEventSource);
  router.refresh.mockClear();
});
afterEach(() => {
  cleanup();
  setVisibility("visible");
  vi.unstubAllGlobals();
  vi.useRealTimers();
});

describe("the live feed on a tab out of sight", () => {
  it("keeps the feed through a short look away, and refreshes on a change", () => {
    renderHook(() => useLiveFeed("5"));
    expect(live().map((s) => s.url)).toEqual(["/api/todos/feed?since=5"]);
    act(() => setVisibility("hidden"));
    act(() => vi.advanceTimersByTime(PAUSE_HIDDEN_AFTER_MS - 1000));
    act(() => setVisibility("visible"));
    act(() => vi.advanceTimersByTime(PAUSE_HIDDEN_AFTER_MS));
    expect(FakeEventSource.opened).toHaveLength(1);
    act(() => live()[0]?.emit("change", "6"));
    expect(router.refresh).toHaveBeenCalledTimes(1);
  });

  it("lets the feed go after a minute hidden, and reopens it from the version it saw once shown", () => {
    const { unmount } = renderHook(() => useLiveFeed("5"));
    act(() => live()[0]?.emit("change", "7"));
    act(() => setVisibility("hidden"));
    act(() => vi.advanceTimersByTime(PAUSE_HIDDEN_AFTER_MS));
    expect(live()).toHaveLength(0);
    act(() => setVisibility("visible"));
    expect(live().map((s) => s.url)).toEqual(["/api/todos/feed?since=7"]);
    unmount();
    expect(live()).toHaveLength(0);
  });
});

describe("a feed the server refuses (too many feeds open, an outage)", () => {
  /** The server answers the open feed with an error status: the browser closes it for good. */
  const refuse = () => {
    const source = live()[0];
    source?.close();
    source?.dispatchEvent(new Event("error"));
  };
  /** How long after a refusal the hook opens its next feed. */
  const waitBeforeReopen = () => {
    const opened = FakeEventSource.opened.length;
    let waited = 0;
    while (FakeEventSource.opened.length === opened) {
      act(() => vi.advanceTimersByTime(1000));
      waited += 1000;
    }
    return waited;
  };

  it("waits twice as long after each refusal, at most a minute, and starts over once a feed opens", () => {
    renderHook(() => useLiveFeed("5"));
    const waits: number[] = [];
    for (let refusal = 0; refusal < 7; refusal += 1) {
      refuse();
      waits.push(waitBeforeReopen());
    }
    expect(waits).toEqual([2000, 4000, 8000, 16_000, 32_000, 60_000, REOPEN_AT_MOST_EVERY_MS]);

    act(() => live()[0]?.dispatchEvent(new Event("open")));
    refuse();
    expect(waitBeforeReopen()).toBe(2000);
  });
});
