// @vitest-environment jsdom
import { act, cleanup, renderHook } from "@testing-library/react";
import { afterEach, beforeEach, describe, expect, it, vi } from "vitest";
import { PAUSE_HIDDEN_AFTER_MS, useLiveFeed } from "./use-live-feed";

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
