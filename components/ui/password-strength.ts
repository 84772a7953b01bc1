import { ZxcvbnFactory } from "@zxcvbn-ts/core";
import { adjacencyGraphs, dictionary } from "@zxcvbn-ts/language-common";
import { translations } from "@zxcvbn-ts/language-en";

export interface Strength {
  /** 0 (guessed at once) to 4 (very hard to guess). */
  score: 0 | 1 | 2 | 3 | 4;
  warning?: string;
}

let estimator: ZxcvbnFactory | undefined;

/** zxcvbn-ts with the common dictionaries: loaded only through StrengthMeter's dynamic import. */
export async function estimateStrength(password: string): Promise<Strength> {
  estimator ??= new ZxcvbnFactory({ dictionary, graphs: adjacencyGraphs, translations });
  const result = await estimator.checkAsync(password.slice(0, 128));
  return { score: result.score, warning: result.feedback.warning ?? undefined };
}
