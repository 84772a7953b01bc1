import { gzipSync } from "node:zlib";

export interface PageWeight {
  page: string;
  scripts: number;
  gzipBytes: number;
}

/** What a browser downloads to run a page the first time: every script the HTML names, gzipped. */
export async function firstLoadJs(
  baseUrl: string,
  page: string,
  headers: Record<string, string> = {},
): Promise<PageWeight> {
  const html = await (await fetch(new URL(page, baseUrl), { headers })).text();
  const sources = new Set(
    [...html.matchAll(/<script[^>]*\ssrc="([^"]+)"/g)].map((match) => match[1] ?? ""),
  );
  let gzipBytes = 0;
  for (const source of sources) {
    const response = await fetch(new URL(source.replaceAll("&amp;", "&"), baseUrl));
    if (!response.ok) throw new Error(`${source}: ${response.status}`);
    gzipBytes += gzipSync(Buffer.from(await response.arrayBuffer())).length;
  }
  return { page, scripts: sources.size, gzipBytes };
}
