// Validation of everything the storage API accepts: study and model documents and the request envelopes around
// them. This is the ONE module to swap to @qqt/data's `parseStudy`/`parseModel` when that package lands: keep the
// exported signatures, replace `checkStudyValue`/`checkModelValue` internals.
import { childKey, scanJson, type TextPosition } from "../jsonLocate";
import { describe, validateModel, type ModelFileV1 } from "../modelFile";
import type { Issue } from "./StoreError";

export type { ModelFileV1 };

/** The format tag of a study document. */
export const STUDY_FORMAT = "qqt.study/v1";
/** Most buckets a study may have. */
export const MAX_STUDY_BUCKETS = 1000;
/** Most observations a study may have (the body size limit usually binds first). */
export const MAX_OBSERVATIONS = 200_000;
/** Longest study name, in characters. */
export const MAX_NAME_LENGTH = 200;
/** Longest version label, in characters. */
export const MAX_LABEL_LENGTH = 500;
/** Longest author string, in characters. */
export const MAX_AUTHOR_LENGTH = 100;
/** Longest bucket id, in characters. */
export const MAX_ID_LENGTH = 200;
/** Issues reported before the rest are summarised in one final issue. */
export const MAX_ISSUES = 100;

/** How a bucket was selected, e.g. `{ score: "T-MARS", fromPercentile: 10, toPercentile: 20 }`. */
export interface BucketQuality {
  score?: string;
  fromPercentile?: number;
  toPercentile?: number;
  [key: string]: unknown;
}

/** One bucket of a study (a slice of the pool by quality rank), best first. */
export interface StudyBucket {
  id: string;
  size: number;
  label?: string;
  quality?: BucketQuality;
}

/** One training run: a pool (bucket ids), the samples seen and the error measured. */
export interface StudyObservation {
  pool: string[];
  samplesSeen: number;
  error: number;
  weight?: number;
  metric?: string;
  tags?: Record<string, string>;
  origin?: { file: string; line: number };
}

/**
 * A `qqt.study/v1` document: buckets and observations (structurally a `FitInput`), optionally with a model.
 * Local copy of @qqt/data's type until that package lands; unknown fields are kept as they are.
 *
 * @example
 * ```ts
 * const s: StudyDocument = { format: "qqt.study/v1", buckets: [{ id: "top0-10", size: 12.8e6 }],
 *   observations: [{ pool: ["top0-10"], samplesSeen: 25.6e6, error: 0.83 }] };
 * ```
 */
export interface StudyDocument {
  format: "qqt.study/v1";
  name?: string;
  description?: string;
  source?: { citation?: string; url?: string; licence?: string; synthetic?: boolean; note?: string };
  metric?: { name: string; description?: string; kind?: "error" | "1-accuracy" | "loss"; tasks?: string[] };
  buckets: StudyBucket[];
  observations: StudyObservation[];
  model?: ModelFileV1;
}

/** Body of `POST /api/studies`: the first version of a new study. */
export interface CreateStudyInput {
  /** Display name; defaults to `study.name`, then "Untitled study". */
  name?: string;
  study: StudyDocument;
  /** The model fitted to this study, if any (else `study.model`, if present, is used). */
  model?: ModelFileV1;
  label?: string;
  author?: string;
}

/** Body of `POST /api/studies/:id/versions`: a new version (never overwrites an old one). */
export interface SaveVersionInput {
  study: StudyDocument;
  model?: ModelFileV1;
  label?: string;
  author?: string;
  /** The version this one was edited from; must exist. */
  parentVersion?: number;
}

/** Body of `PATCH /api/studies/:id`: rename and/or soft-delete or restore. */
export interface UpdateStudyInput {
  name?: string;
  deleted?: boolean;
}

/** Body of `POST /api/session`: the access token, exchanged for a session cookie. */
export interface SessionInput {
  token: string;
}

/** The outcome of a validation: the value (typed) or every issue found. */
export type Validation<T> = { ok: true; value: T } | { ok: false; issues: Issue[] };

type Obj = Record<string, unknown>;

/** Collects issues, capped at {@link MAX_ISSUES} plus one summary issue. */
class Issues {
  readonly list: Issue[] = [];
  private dropped = 0;

  add(path: string, message: string): void {
    if (this.list.length < MAX_ISSUES) this.list.push({ path, message });
    else this.dropped++;
  }

  addAll(issues: readonly Issue[]): void {
    for (const issue of issues) this.add(issue.path, issue.message);
  }

  done(): Issue[] {
    if (this.dropped > 0) this.list.push({ path: "", message: `…and ${this.dropped} more problems (fix the ones above first)` });
    return this.list;
  }

  object(value: unknown, path: string, what = "an object"): Obj | undefined {
    if (value !== null && typeof value === "object" && !Array.isArray(value)) return value as Obj;
    this.add(path, `got ${describe(value)}; expected ${what}`);
    return undefined;
  }

  array(value: unknown, path: string, what: string): unknown[] | undefined {
    if (Array.isArray(value)) return value;
    this.add(path, `got ${describe(value)}; expected ${what}`);
    return undefined;
  }

  number(value: unknown, path: string, test: (x: number) => boolean, what: string): number | undefined {
    if (typeof value === "number" && Number.isFinite(value) && test(value)) return value;
    this.add(path, `got ${describe(value)}; expected ${what}`);
    return undefined;
  }

  string(value: unknown, path: string, what = "a string", maxLength = Number.POSITIVE_INFINITY): string | undefined {
    if (typeof value === "string" && value.length <= maxLength) return value;
    const got = typeof value === "string" ? `a string of ${value.length} characters` : describe(value);
    this.add(path, `got ${got}; expected ${what}`);
    return undefined;
  }

  optionalString(obj: Obj, key: string, path: string, what = "a string"): void {
    if (obj[key] !== undefined) this.string(obj[key], childKey(path, key), what);
  }

  /** Reports keys of `obj` outside `allowed` (request envelopes are strict, so typos are caught). */
  onlyKeys(obj: Obj, path: string, allowed: readonly string[]): void {
    for (const key of Object.keys(obj)) {
      if (!allowed.includes(key)) {
        this.add(childKey(path, key), `unexpected field ${JSON.stringify(key)}; expected only ${allowed.map((k) => JSON.stringify(k)).join(", ")}`);
      }
    }
  }
}

const positive = (x: number) => x > 0;
const nonNegative = (x: number) => x >= 0;
const percentile = (x: number) => x >= 0 && x <= 100;
const METRIC_KINDS = ["error", "1-accuracy", "loss"] as const;

/** Path of `inner` (relative to a sub-document) under `prefix`. */
function within(prefix: string, inner: string): string {
  if (prefix === "") return inner;
  if (inner === "") return prefix;
  return inner.startsWith("[") ? `${prefix}${inner}` : `${prefix}.${inner}`;
}

/**
 * Checks a parsed JSON value against the `qqt.study/v1` format; returns every issue (empty when valid), with paths
 * under `path`.
 *
 * @remarks Checks: the format tag; non-empty `buckets` with unique non-empty ids and sizes > 0; `observations`
 * (possibly empty) whose pools are non-empty lists of known, distinct bucket ids, `samplesSeen > 0`, `error >= 0`
 * (and `<= 1` unless `metric.kind` is `"loss"`), `weight > 0`; the optional descriptive fields' types; an embedded
 * `model` as a `qqt.model/v1` whose buckets are among the study's. Unknown fields are allowed and kept.
 */
export function checkStudyValue(value: unknown, path = ""): Issue[] {
  const c = new Issues();
  checkStudy(c, value, path);
  return c.done();
}

function checkStudy(c: Issues, value: unknown, path: string): void {
  const root = c.object(value, path, `a ${STUDY_FORMAT} JSON object { format, buckets, observations }`);
  if (!root) return;
  if (root.format !== STUDY_FORMAT) {
    const hint = typeof root.format === "string" && root.format.startsWith("qqt.model/") ? " (this is a model file; send it as \"model\")" : "";
    c.add(childKey(path, "format"), `got ${describe(root.format)}; expected "${STUDY_FORMAT}"${hint}`);
  }
  c.optionalString(root, "name", path);
  c.optionalString(root, "description", path);

  if (root.source !== undefined) {
    const sourcePath = childKey(path, "source");
    const s = c.object(root.source, sourcePath, "an object { citation?, url?, licence?, synthetic?, note? }");
    if (s) {
      for (const key of ["citation", "url", "licence", "note"]) c.optionalString(s, key, sourcePath);
      if (s.synthetic !== undefined && typeof s.synthetic !== "boolean") {
        c.add(childKey(sourcePath, "synthetic"), `got ${describe(s.synthetic)}; expected true or false`);
      }
    }
  }

  let boundedError = true;
  if (root.metric !== undefined) {
    const metricPath = childKey(path, "metric");
    const m = c.object(root.metric, metricPath, "an object { name, description?, kind?, tasks? }");
    if (m) {
      const name = m.name;
      if (typeof name !== "string" || name.length === 0) {
        c.add(childKey(metricPath, "name"), `got ${describe(name)}; expected a metric name such as "imagenet1k error"`);
      }
      c.optionalString(m, "description", metricPath);
      if (m.kind !== undefined) {
        if (typeof m.kind === "string" && (METRIC_KINDS as readonly string[]).includes(m.kind)) boundedError = m.kind !== "loss";
        else c.add(childKey(metricPath, "kind"), `got ${describe(m.kind)}; expected one of ${METRIC_KINDS.map((k) => `"${k}"`).join(", ")}`);
      }
      if (m.tasks !== undefined) {
        const tasks = c.array(m.tasks, childKey(metricPath, "tasks"), "an array of task names");
        tasks?.forEach((t, i) => c.string(t, `${childKey(metricPath, "tasks")}[${i}]`, "a task name"));
      }
    }
  }

  const bucketsPath = childKey(path, "buckets");
  const ids = new Map<string, number>();
  let idsComplete = true;
  const bucketList = c.array(root.buckets, bucketsPath, "an array of buckets { id, size, label?, quality? }, best first");
  if (bucketList) {
    if (bucketList.length === 0) c.add(bucketsPath, "got an empty array; expected at least one bucket");
    if (bucketList.length > MAX_STUDY_BUCKETS) c.add(bucketsPath, `got ${bucketList.length} buckets; expected at most ${MAX_STUDY_BUCKETS}`);
    bucketList.slice(0, MAX_STUDY_BUCKETS).forEach((item, i) => {
      const p = `${bucketsPath}[${i}]`;
      const b = c.object(item, p, "a bucket { id, size, label?, quality? }");
      if (!b) {
        idsComplete = false;
        return;
      }
      const id = b.id;
      if (typeof id !== "string" || id.length === 0 || id.length > MAX_ID_LENGTH) {
        c.add(`${p}.id`, `got ${describe(id)}; expected a non-empty string of at most ${MAX_ID_LENGTH} characters`);
        idsComplete = false;
      } else if (ids.has(id)) {
        c.add(`${p}.id`, `got ${describe(id)}, already used by ${bucketsPath}[${ids.get(id)}]; expected unique bucket ids`);
        idsComplete = false;
      } else {
        ids.set(id, i);
      }
      c.number(b.size, `${p}.size`, positive, "a finite number of unique samples > 0");
      c.optionalString(b, "label", p);
      if (b.quality !== undefined) checkQuality(c, b.quality, `${p}.quality`);
    });
  }

  const observationsPath = childKey(path, "observations");
  const observationList = c.array(root.observations, observationsPath, "an array of observations { pool, samplesSeen, error } (empty when there are none yet)");
  if (observationList) {
    if (observationList.length > MAX_OBSERVATIONS) {
      c.add(observationsPath, `got ${observationList.length} observations; expected at most ${MAX_OBSERVATIONS}`);
    }
    const errorWhat = boundedError
      ? 'an error rate in [0, 1] (set metric.kind to "loss" for an unbounded metric)'
      : "a finite loss >= 0";
    observationList.slice(0, MAX_OBSERVATIONS).forEach((item, i) => {
      const p = `${observationsPath}[${i}]`;
      const o = c.object(item, p, "an observation { pool, samplesSeen, error, weight?, metric?, tags?, origin? }");
      if (!o) return;
      // Pool membership is checked only against a sound bucket list, so one bad bucket id is one issue, not one per run.
      checkPool(c, o.pool, `${p}.pool`, bucketList && bucketList.length > 0 && idsComplete ? ids : undefined);
      c.number(o.samplesSeen, `${p}.samplesSeen`, positive, "a finite number of samples seen > 0");
      c.number(o.error, `${p}.error`, boundedError ? (x) => x >= 0 && x <= 1 : nonNegative, errorWhat);
      if (o.weight !== undefined) c.number(o.weight, `${p}.weight`, positive, "a finite weight > 0");
      c.optionalString(o, "metric", p);
      if (o.tags !== undefined) {
        const tags = c.object(o.tags, `${p}.tags`, 'an object of string values, e.g. { "model": "ViT-B/32", "seed": "1" }');
        if (tags) for (const [key, v] of Object.entries(tags)) c.string(v, childKey(`${p}.tags`, key), "a string");
      }
      if (o.origin !== undefined) {
        const origin = c.object(o.origin, `${p}.origin`, "an object { file, line }");
        if (origin) {
          c.string(origin.file, `${p}.origin.file`, "a file name");
          c.number(origin.line, `${p}.origin.line`, (x) => Number.isInteger(x) && x >= 1, "a line number >= 1");
        }
      }
    });
  }

  if (root.model !== undefined) {
    const modelPath = childKey(path, "model");
    const modelIssues = checkModelValue(root.model, modelPath);
    c.addAll(modelIssues);
    if (modelIssues.length === 0 && bucketList) checkModelBuckets(c, root.model as ModelFileV1, modelPath, ids);
  }
}

function checkQuality(c: Issues, value: unknown, path: string): void {
  const q = c.object(value, path, 'an object such as { score: "T-MARS", fromPercentile: 10, toPercentile: 20 }');
  if (!q) return;
  c.optionalString(q, "score", path);
  const from = q.fromPercentile === undefined ? undefined : c.number(q.fromPercentile, `${path}.fromPercentile`, percentile, "a percentile in [0, 100]");
  const to = q.toPercentile === undefined ? undefined : c.number(q.toPercentile, `${path}.toPercentile`, percentile, "a percentile in [0, 100]");
  if (from !== undefined && to !== undefined && from > to) {
    c.add(path, `got fromPercentile ${from} > toPercentile ${to}; expected fromPercentile <= toPercentile`);
  }
}

function checkPool(c: Issues, value: unknown, path: string, ids: Map<string, number> | undefined): void {
  const pool = c.array(value, path, 'a non-empty array of bucket ids, e.g. ["top0-10", "top10-20"]');
  if (!pool) return;
  if (pool.length === 0) {
    c.add(path, "got an empty array; expected at least one bucket id");
    return;
  }
  const seen = new Set<string>();
  pool.forEach((id, j) => {
    const p = `${path}[${j}]`;
    if (typeof id !== "string") c.add(p, `got ${describe(id)}; expected a bucket id`);
    else if (seen.has(id)) c.add(p, `got ${describe(id)} twice; expected each bucket at most once in a pool`);
    else if (ids !== undefined && !ids.has(id)) {
      const known = [...ids.keys()].slice(0, 10).map((k) => JSON.stringify(k)).join(", ");
      c.add(p, `got ${describe(id)}, which is not a bucket of this study; expected one of ${known}${ids.size > 10 ? ", …" : ""}`);
    }
    if (typeof id === "string") seen.add(id);
  });
}

function checkModelBuckets(c: Issues, model: ModelFileV1, path: string, ids: Map<string, number>): void {
  model.buckets.forEach((b, i) => {
    if (!ids.has(b.id)) c.add(`${path}.buckets[${i}].id`, `got ${describe(b.id)}, which is not a bucket of the study; expected the model's buckets to be among the study's`);
  });
}

/**
 * Checks a parsed JSON value against the `qqt.model/v1` format; returns every issue (empty when valid), with paths
 * under `path`.
 */
export function checkModelValue(value: unknown, path = ""): Issue[] {
  const result = validateModel(value);
  if (result.ok) return [];
  return result.error.problems.map((p) => ({ path: within(path, p.path), message: p.message }));
}

/** Parses JSON text, or returns the syntax error as an issue with line and column. */
function parseJson(text: string): Validation<unknown> {
  try {
    return { ok: true, value: JSON.parse(text.charCodeAt(0) === 0xfeff ? text.slice(1) : text) };
  } catch (error) {
    const scan = scanJson(text);
    const issue: Issue = { path: "", message: scan.syntaxError?.message ?? `not valid JSON (${(error as Error).message})` };
    if (scan.syntaxError) {
      issue.line = scan.syntaxError.at.line;
      issue.column = scan.syntaxError.at.column;
    }
    return { ok: false, issues: [issue] };
  }
}

/**
 * Validates the text of a `qqt.study/v1` document: JSON syntax, then the format, every issue located by line and
 * column.
 *
 * @example
 * ```ts
 * validateStudyDocument('{"format":"qqt.study/v1","buckets":[{"id":"a","size":-1}],"observations":[]}');
 * // { ok: false, issues: [{ path: "buckets[0].size", message: "got -1; expected a finite number of unique samples > 0", line: 1, column: 54 }] }
 * ```
 */
export function validateStudyDocument(text: string): { ok: true; study: StudyDocument } | { ok: false; issues: Issue[] } {
  const parsed = parseJson(text);
  if (!parsed.ok) return parsed;
  const issues = checkStudyValue(parsed.value);
  return issues.length === 0 ? { ok: true, study: parsed.value as StudyDocument } : { ok: false, issues: locateIssues(issues, text) };
}

/**
 * Validates the text of a `qqt.model/v1` document: JSON syntax, then the format, every issue located.
 *
 * @example
 * ```ts
 * validateModelDocument('{"format":"qqt.model/v1"}').ok; // false: law, task and buckets are missing
 * ```
 */
export function validateModelDocument(text: string): { ok: true; model: ModelFileV1 } | { ok: false; issues: Issue[] } {
  const parsed = parseJson(text);
  if (!parsed.ok) return parsed;
  const issues = checkModelValue(parsed.value);
  return issues.length === 0 ? { ok: true, model: parsed.value as ModelFileV1 } : { ok: false, issues: locateIssues(issues, text) };
}

/**
 * Adds the line and column of each issue's value (or of its nearest present ancestor) in `text`.
 *
 * @example
 * ```ts
 * locateIssues([{ path: "a.b", message: "…" }], '{\n "a": {"b": 1}}'); // [{ path: "a.b", message: "…", line: 2, column: 14 }]
 * ```
 */
export function locateIssues(issues: readonly Issue[], text: string): Issue[] {
  let positions: Map<string, TextPosition> | undefined;
  return issues.map((issue) => {
    positions ??= scanJson(text).positions;
    let at: TextPosition | undefined;
    for (let p: string | undefined = issue.path; p !== undefined && at === undefined; p = parentOf(p)) at = positions.get(p);
    return at === undefined ? { ...issue } : { ...issue, line: at.line, column: at.column };
  });
}

function parentOf(path: string): string | undefined {
  if (path === "") return undefined;
  const cut = Math.max(path.lastIndexOf("."), path.lastIndexOf("["));
  return cut <= 0 ? "" : path.slice(0, cut);
}

/** A name: non-empty after trimming, at most {@link MAX_NAME_LENGTH} characters, no control characters. */
function checkName(c: Issues, value: unknown, path: string): string | undefined {
  if (typeof value !== "string" || value.trim().length === 0 || value.length > MAX_NAME_LENGTH || CONTROL.test(value)) {
    const got = typeof value === "string" && value.length > MAX_NAME_LENGTH ? `a name of ${value.length} characters` : describe(value);
    c.add(path, `got ${got}; expected a non-empty name of at most ${MAX_NAME_LENGTH} characters without control characters`);
    return undefined;
  }
  return value.trim();
}

// eslint-disable-next-line no-control-regex
const CONTROL = /[\u0000-\u001f\u007f]/;

function checkVersionFields(c: Issues, body: Obj): void {
  checkStudy(c, body.study, "study");
  if (body.model !== undefined) {
    const modelIssues = checkModelValue(body.model, "model");
    c.addAll(modelIssues);
    const study = body.study as Obj | undefined;
    if (modelIssues.length === 0 && study && Array.isArray(study.buckets)) {
      const ids = new Map<string, number>();
      study.buckets.forEach((b, i) => {
        if (b && typeof b === "object" && typeof (b as Obj).id === "string") ids.set((b as Obj).id as string, i);
      });
      checkModelBuckets(c, body.model as ModelFileV1, "model", ids);
    }
  }
  if (body.label !== undefined) c.string(body.label, "label", `a label of at most ${MAX_LABEL_LENGTH} characters`, MAX_LABEL_LENGTH);
  if (body.author !== undefined) c.string(body.author, "author", `an author name of at most ${MAX_AUTHOR_LENGTH} characters`, MAX_AUTHOR_LENGTH);
}

/**
 * Validates the body of `POST /api/studies`.
 *
 * @example
 * ```ts
 * validateCreateStudy({ study: { format: "qqt.study/v1", buckets: [{ id: "a", size: 1e6 }], observations: [] } }).ok; // true
 * ```
 */
export function validateCreateStudy(body: unknown): Validation<CreateStudyInput> {
  const c = new Issues();
  const o = c.object(body, "", "an object { study, name?, model?, label?, author? }");
  if (o) {
    c.onlyKeys(o, "", ["name", "study", "model", "label", "author"]);
    if (o.name !== undefined) checkName(c, o.name, "name");
    checkVersionFields(c, o);
  }
  const issues = c.done();
  if (issues.length > 0) return { ok: false, issues };
  const input = { ...(o as Obj) } as unknown as CreateStudyInput;
  if (input.name !== undefined) input.name = input.name.trim();
  return { ok: true, value: input };
}

/**
 * Validates the body of `POST /api/studies/:id/versions`.
 *
 * @example
 * ```ts
 * validateSaveVersion({ study: { format: "qqt.study/v1", buckets: [{ id: "a", size: 1e6 }], observations: [] }, parentVersion: 0 });
 * // { ok: false, issues: [{ path: "parentVersion", message: "got 0; expected a version number >= 1" }] }
 * ```
 */
export function validateSaveVersion(body: unknown): Validation<SaveVersionInput> {
  const c = new Issues();
  const o = c.object(body, "", "an object { study, model?, label?, author?, parentVersion? }");
  if (o) {
    c.onlyKeys(o, "", ["study", "model", "label", "author", "parentVersion"]);
    checkVersionFields(c, o);
    if (o.parentVersion !== undefined) {
      c.number(o.parentVersion, "parentVersion", (x) => Number.isSafeInteger(x) && x >= 1, "a version number >= 1");
    }
  }
  const issues = c.done();
  return issues.length > 0 ? { ok: false, issues } : { ok: true, value: o as unknown as SaveVersionInput };
}

/**
 * Validates the body of `PATCH /api/studies/:id`: at least one of `name` and `deleted`.
 *
 * @example
 * ```ts
 * validateUpdateStudy({ name: "  ImageNet T-MARS  " }); // { ok: true, value: { name: "ImageNet T-MARS" } }
 * ```
 */
export function validateUpdateStudy(body: unknown): Validation<UpdateStudyInput> {
  const c = new Issues();
  const o = c.object(body, "", "an object { name?, deleted? }");
  const value: UpdateStudyInput = {};
  if (o) {
    c.onlyKeys(o, "", ["name", "deleted"]);
    if (o.name !== undefined) {
      const name = checkName(c, o.name, "name");
      if (name !== undefined) value.name = name;
    }
    if (o.deleted !== undefined) {
      if (typeof o.deleted === "boolean") value.deleted = o.deleted;
      else c.add("deleted", `got ${describe(o.deleted)}; expected true (move to trash) or false (restore)`);
    }
    if (o.name === undefined && o.deleted === undefined) c.add("", "got no change; expected at least one of \"name\", \"deleted\"");
  }
  const issues = c.done();
  return issues.length > 0 ? { ok: false, issues } : { ok: true, value };
}

/**
 * Validates the body of `POST /api/session`.
 *
 * @example
 * ```ts
 * validateSession({ token: 42 }); // { ok: false, issues: [{ path: "token", message: "got 42; expected the access token (a string)" }] }
 * ```
 */
export function validateSession(body: unknown): Validation<SessionInput> {
  const c = new Issues();
  const o = c.object(body, "", "an object { token }");
  if (o) {
    c.onlyKeys(o, "", ["token"]);
    // The value is a secret: never echo it back in a message.
    if (typeof o.token !== "string" || o.token.length === 0 || o.token.length > 1024) {
      c.add("token", `got ${typeof o.token === "string" ? "an empty or over-long string" : describe(o.token)}; expected the access token (a string)`);
    }
  }
  const issues = c.done();
  return issues.length > 0 ? { ok: false, issues } : { ok: true, value: { token: (o as Obj).token as string } };
}
