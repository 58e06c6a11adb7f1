import { AdvisorError, type Problem, type Result } from "./AdvisorError";
import { parseBudget } from "./budget";
import type { ModelFileV1 } from "@qqt/data";
import { canonicalExampleId } from "./examples";
import { compactModel, expandModel, isCompactModel } from "./compactModel";

/** Largest model a share link may unpack to, in bytes (lib/modelFile's MAX_MODEL_FILE_BYTES, kept here so that this
 * module does not load @qqt/data's reader with the page: it is imported only when a link carries a model). */
const MAX_MODEL_BYTES = 5 * 1024 * 1024;

// Share links: the model and budget in the URL fragment. The fragment never reaches a server, so a shared model
// stays between the people who have the link. Decoding treats the fragment as hostile: every failure is an
// AdvisorError with a message, never an exception.

/** Version of the share-link layout (`v=` parameter). */
export const SHARE_VERSION = "1";
/** Longest fragment the advisor decodes (browsers accept about 2 MB URLs). */
export const MAX_SHARE_LENGTH = 2_000_000;
/** Payload prefixes: deflate-raw compressed JSON, or plain UTF-8 JSON. */
const DEFLATE_PREFIX = "z.";
const PLAIN_PREFIX = "j.";

/**
 * What a share link restores: a built-in example (by id) or an inline model, and the budget.
 *
 * @example
 * ```ts
 * const s: ShareState = { source: { kind: "example", id: "tmars-paper" }, budget: 640e6 };
 * ```
 */
export interface ShareState {
  /** `droppedDraws`: a short link left out this many bootstrap draws (its model has no intervals). */
  source: { kind: "example"; id: string } | { kind: "inline"; model: ModelFileV1; droppedDraws?: number };
  budget: number;
}

/**
 * How an inline model is written: `short` (the default) is the compact form of lib/compactModel — the same point
 * answers, without the bootstrap draws, a few hundred characters for the examples; `full` is the whole model file,
 * draws included (tens of thousands of characters for a fitted model).
 */
export type ShareForm = "short" | "full";

/**
 * The URL fragment for a share link: `#v=1&budget=640000000&example=<id>` or `…&model=z.<base64url(deflate(JSON))>`.
 *
 * @remarks The JSON is the compact model of lib/compactModel (`form: "short"`, the default: the model's point answers
 * exactly, no bootstrap draws) or the whole model file (`form: "full"`). Uses `CompressionStream("deflate-raw")` when
 * the runtime has it (browsers, Node ≥ 18), else plain base64url JSON; {@link decodeShareHash} reads all of them, and
 * the links made before the short form (whole models) still open.
 * @example
 * ```ts
 * await encodeShareHash({ source: { kind: "example", id: "tmars-paper" }, budget: 640e6 });
 * // "#v=1&budget=640000000&example=tmars-paper"
 * ```
 */
export async function encodeShareHash(state: ShareState, form: ShareForm = "short"): Promise<string> {
  const params = new URLSearchParams();
  params.set("v", SHARE_VERSION);
  params.set("budget", String(state.budget));
  if (state.source.kind === "example") {
    params.set("example", state.source.id);
  } else {
    const value = form === "short" ? compactModel(state.source.model) : state.source.model;
    const bytes = new TextEncoder().encode(JSON.stringify(value));
    const payload =
      typeof CompressionStream === "function"
        ? DEFLATE_PREFIX + toBase64Url(await transform(bytes, new CompressionStream("deflate-raw")))
        : PLAIN_PREFIX + toBase64Url(bytes);
    params.set("model", payload);
  }
  return `#${params.toString()}`;
}

/**
 * Reads a share-link fragment back, validating everything: version, budget, example id, payload encoding, size
 * and the model itself (with field-level problems).
 *
 * @returns `ok` with `null` when the fragment holds no share state (an empty or unrelated fragment).
 * @example
 * ```ts
 * await decodeShareHash("#v=1&budget=640000000&example=tmars-paper", ["tmars-paper"]);
 * // { ok: true, value: { source: { kind: "example", id: "tmars-paper" }, budget: 640000000 } }
 * await decodeShareHash("#v=1&budget=lots&example=tmars-paper", ["tmars-paper"]);
 * // { ok: false, error: AdvisorError INVALID_SHARE_LINK "The share link's budget …" }
 * ```
 */
export async function decodeShareHash(hash: string, exampleIds: readonly string[]): Promise<Result<ShareState | null>> {
  try {
    return await decode(hash, exampleIds);
  } catch (error) {
    // Belt and braces: any unforeseen failure is still reported, not thrown.
    return fail(`The share link could not be read (${(error as Error)?.message ?? String(error)}).`);
  }
}

async function decode(hash: string, exampleIds: readonly string[]): Promise<Result<ShareState | null>> {
  if (typeof hash !== "string") return fail("The share link is not text.");
  const text = hash.startsWith("#") ? hash.slice(1) : hash;
  if (text === "") return { ok: true, value: null };
  if (text.length > MAX_SHARE_LENGTH) {
    return fail(`The share link is ${text.length} characters long; the limit is ${MAX_SHARE_LENGTH}.`);
  }
  const params = new URLSearchParams(text);
  const example = params.get("example");
  const payload = params.get("model");
  if (!params.has("v") && example === null && payload === null) return { ok: true, value: null };
  if (params.get("v") !== SHARE_VERSION) {
    return fail(`The share link has version ${JSON.stringify(params.get("v"))}; expected v=${SHARE_VERSION}.`);
  }
  const budgetText = params.get("budget");
  if (budgetText === null) return fail("The share link has no budget; expected budget=<samples seen>, e.g. budget=640000000.");
  const budget = parseBudget(budgetText);
  if (!budget.ok) return fail(`The share link's budget is invalid: ${budget.error.message}`);
  const samples = budget.value.samples;

  if (example !== null && payload !== null) return fail("The share link names both an example and a model; expected one of them.");
  if (example !== null) {
    if (!exampleIds.includes(canonicalExampleId(example))) {
      return fail(`The share link names an unknown example ${JSON.stringify(example)}; expected one of ${exampleIds.join(", ")}.`);
    }
    return { ok: true, value: { source: { kind: "example", id: canonicalExampleId(example) }, budget: samples } };
  }
  if (payload === null) return fail("The share link has neither an example nor a model; expected example=<id> or model=<data>.");

  let bytes: Uint8Array;
  if (payload.startsWith(DEFLATE_PREFIX)) {
    const compressed = fromBase64Url(payload.slice(DEFLATE_PREFIX.length));
    if (!compressed) return fail("The share link's model data is damaged (not base64url); copy the whole link again.");
    if (typeof DecompressionStream !== "function") return fail("This browser cannot decompress share links.");
    try {
      bytes = await transform(compressed, new DecompressionStream("deflate-raw"), MAX_MODEL_BYTES);
    } catch (error) {
      if (error instanceof AdvisorError) return { ok: false, error };
      return fail("The share link's model data is damaged (it does not decompress); copy the whole link again.");
    }
  } else if (payload.startsWith(PLAIN_PREFIX)) {
    const plain = fromBase64Url(payload.slice(PLAIN_PREFIX.length));
    if (!plain) return fail("The share link's model data is damaged (not base64url); copy the whole link again.");
    bytes = plain;
  } else {
    return fail(`The share link's model data has an unknown encoding; expected it to start with "${DEFLATE_PREFIX}" or "${PLAIN_PREFIX}".`);
  }
  let json: unknown;
  try {
    json = JSON.parse(new TextDecoder("utf-8", { fatal: true }).decode(bytes));
  } catch {
    return fail("The share link's model data is damaged (not UTF-8 JSON); copy the whole link again.");
  }
  let droppedDraws = 0;
  if (isCompactModel(json)) {
    const expanded = expandModel(json);
    if (!expanded.ok) return fail(`The share link's model is damaged (${expanded.message}); copy the whole link again.`);
    json = expanded.value;
    droppedDraws = expanded.droppedDraws;
  }
  const { readModel } = await import("./modelFile");
  const model = readModel(json as object, "share link");
  if (!model.ok) {
    return fail(`The share link's model is invalid: ${model.error.problems.length} problem(s).`, model.error.problems);
  }
  const source: ShareState["source"] = { kind: "inline", model: model.value };
  if (droppedDraws > 0) source.droppedDraws = droppedDraws;
  return { ok: true, value: { source, budget: samples } };
}

function fail(message: string, problems: readonly Problem[] = []): { ok: false; error: AdvisorError } {
  return { ok: false, error: new AdvisorError("INVALID_SHARE_LINK", message, problems) };
}

/** Runs bytes through a (de)compression stream, stopping with an error past `limit` output bytes. */
async function transform(
  input: Uint8Array,
  stream: CompressionStream | DecompressionStream,
  limit = Infinity,
): Promise<Uint8Array> {
  const writer = stream.writable.getWriter();
  const written = writer.write(input as Uint8Array<ArrayBuffer>).then(() => writer.close());
  written.catch(() => undefined);
  const reader = stream.readable.getReader();
  const chunks: Uint8Array[] = [];
  let total = 0;
  for (;;) {
    const { done, value } = await reader.read();
    if (done) break;
    total += value.length;
    if (total > limit) {
      await reader.cancel();
      throw new AdvisorError(
        "INVALID_SHARE_LINK",
        `The share link's model is larger than ${limit} bytes once unpacked; the limit for a model is ${limit} bytes.`,
      );
    }
    chunks.push(value);
  }
  await written;
  const out = new Uint8Array(total);
  let offset = 0;
  for (const chunk of chunks) {
    out.set(chunk, offset);
    offset += chunk.length;
  }
  return out;
}

/** Bytes per `String.fromCharCode` call when building the binary string for `btoa`. */
const BASE64_CHUNK = 0x8000;

/**
 * Bytes as base64url without padding (RFC 4648 §5).
 *
 * @example
 * ```ts
 * toBase64Url(new Uint8Array([251, 255])); // "-_8"
 * ```
 */
export function toBase64Url(bytes: Uint8Array): string {
  let binary = "";
  for (let i = 0; i < bytes.length; i += BASE64_CHUNK) {
    binary += String.fromCharCode(...bytes.subarray(i, i + BASE64_CHUNK));
  }
  return btoa(binary).replace(/\+/g, "-").replace(/\//g, "_").replace(/=+$/, "");
}

/**
 * base64url (padding optional) to bytes, or undefined when the text is not base64url.
 *
 * @example
 * ```ts
 * fromBase64Url("-_8"); // Uint8Array [251, 255]
 * fromBase64Url("a*b"); // undefined
 * ```
 */
export function fromBase64Url(text: string): Uint8Array | undefined {
  if (!/^[A-Za-z0-9_-]*={0,2}$/.test(text)) return undefined;
  const base64 = text.replace(/=+$/, "").replace(/-/g, "+").replace(/_/g, "/");
  if (base64.length % 4 === 1) return undefined;
  try {
    const binary = atob(base64 + "=".repeat((4 - (base64.length % 4)) % 4));
    const out = new Uint8Array(binary.length);
    for (let i = 0; i < binary.length; i++) out[i] = binary.charCodeAt(i);
    return out;
  } catch {
    return undefined;
  }
}
