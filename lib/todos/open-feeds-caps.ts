/** The open-feed caps' contract, shared by both backends (open-feeds-memory.ts, open-feeds-redis.ts). */
import type { Actor } from "@/lib/sessions/actor";

export interface FeedCaps {
  perSession: number;
  perAccount: number;
}

/** Places for open feeds, counted per session and per account. */
export interface FeedLeases {
  /** A place for one more feed of this device, or undefined when its session or account is full. */
  claim(actor: Actor): Promise<(() => void | Promise<void>) | undefined>;
}
