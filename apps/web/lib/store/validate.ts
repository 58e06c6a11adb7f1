// Validation of everything the storage API accepts: study and model documents and the request envelopes around
// them. The documents are checked by @qqt/data (`parseStudy`/`parseModel`, the same rules as every other qqt
// tool); its located issues (field, expected, suggestion) become the API's 422 issues. The envelopes (name, label,
// author, parentVersion) are checked here.
import { DataError, joinJsonPath, locateJson, positionOf, safeParseModel, safeParseStudy, type DataIssue, type ModelFileV1, type Study, type TextPosition } from "@qqt/data";
import { boundIssue, boundText, findDeepNesting, MAX_JSON_DEPTH, nestsDeeperThan, quote } from "./bounded";
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
/** Issues reported before the rest are summarised in one final issue. */
export const MAX_ISSUES = 100;
/**
 * Longest bucket id (and bucket reference: a pool or candidate entry) and longest field name in a document, in
 * characters. @qqt/data compares unknown references with every bucket id, and unknown fields with every known one,
 * to suggest one, so a 4 MB id or field name would cost seconds; the server refuses such documents before @qqt/data
 * reads them.
 */
export const MAX_ID_LENGTH = 200;

/**
 * A `qqt.study/v1` document: buckets and observations (structurally a `FitInput`), optionally with a model. This is
 * @qqt/data's `Study`.
 *
 * @example
 * ```ts
 * const s: StudyDocument = { format: "qqt.study/v1", buckets: [{ id: "top0-10", size: 12.8e6 }],
 *   observations: [{ pool: ["top0-10"], samplesSeen: 25.6e6, error: 0.83 }] };
 * ```
 */
export type StudyDocument = Study;
/** One bucket of a study (a slice of the pool by quality rank), best first. */
export type StudyBucket = Study["buckets"][number];
/** One training run: a pool (bucket ids), the samples seen and the error measured. */
export type StudyObservation = Study["observations"][number];

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
    this.push({ path, message });
  }

  push(issue: Issue): void {
    if (this.list.length < MAX_ISSUES) this.list.push(boundIssue(issue));
    else this.dropped++;
  }

  addAll(issues: readonly Issue[]): void {
    for (const issue of issues) this.push(issue);
  }

  done(): Issue[] {
    if (this.dropped > 0) this.list.push({ path: "", message: `…and ${this.dropped} more problems (fix the ones above first)` });
    return this.list;
  }

  object(value: unknown, path: string, what = "an object"): Obj | undefined {
    if (value !== null && typeof value === "object" && !Array.isArray(value)) return value as Obj;
    this.add(path, `got ${describeValue(value)}; expected ${what}`);
    return undefined;
  }

  array(value: unknown, path: string, what: string): unknown[] | undefined {
    if (Array.isArray(value)) return value;
    this.add(path, `got ${describeValue(value)}; expected ${what}`);
    return undefined;
  }

  number(value: unknown, path: string, test: (x: number) => boolean, what: string): number | undefined {
    if (typeof value === "number" && Number.isFinite(value) && test(value)) return value;
    this.add(path, `got ${describeValue(value)}; expected ${what}`);
    return undefined;
  }

  string(value: unknown, path: string, what = "a string", maxLength = Number.POSITIVE_INFINITY): string | undefined {
    if (typeof value === "string" && value.length <= maxLength) return value;
    const got = typeof value === "string" ? `a string of ${value.length} characters` : describeValue(value);
    this.add(path, `got ${got}; expected ${what}`);
    return undefined;
  }

  /** Reports keys of `obj` outside `allowed` (request envelopes are strict, so typos are caught). */
  onlyKeys(obj: Obj, path: string, allowed: readonly string[]): void {
    for (const key of Object.keys(obj)) {
      if (!allowed.includes(key)) {
        this.add(joinJsonPath(path, key), `unexpected field ${quote(key)}; expected only ${allowed.map((k) => JSON.stringify(k)).join(", ")}`);
      }
    }
  }
}

/**
 * Describes a JSON value for messages: `"abc"` (at most 60 characters of a string, then `… N more`), `-3`, `null`,
 * `an array of length 2`, `an object`.
 *
 * @example
 * ```ts
 * describeValue(undefined); // "nothing (the field is missing)"
 * ```
 */
export function describeValue(value: unknown): string {
  if (value === undefined) return "nothing (the field is missing)";
  if (value === null) return "null";
  if (typeof value === "string") return quote(value, 60);
  if (typeof value === "number" || typeof value === "boolean") return String(value);
  if (Array.isArray(value)) return `an array of length ${value.length}`;
  return "an object";
}

/** Path of `inner` (relative to a sub-document) under `prefix`. */
function within(prefix: string, inner: string): string {
  if (prefix === "") return inner;
  if (inner === "") return prefix;
  return inner.startsWith("[") ? `${prefix}${inner}` : `${prefix}.${inner}`;
}

/**
 * One @qqt/data issue as an API issue under `path`: its field becomes the path, and its code, expected format and
 * suggestion are kept. Lines and columns are added later from the request text ({@link locateIssues}), or kept when
 * @qqt/data read the text itself.
 *
 * @example
 * ```ts
 * fromDataIssue({ code: "INVALID_VALUE", file: "<input>", field: "buckets", message: "buckets is an empty array",
 *   expected: "a non-empty array of { id, size, label?, quality? }, best first" }, "study");
 * // { path: "study.buckets", message: "buckets is an empty array", code: "INVALID_VALUE", expected: "a non-empty array …" }
 * ```
 */
export function fromDataIssue(issue: DataIssue, path = ""): Issue {
  const out: Issue = { path: within(path, issue.field ?? ""), message: issue.message, code: issue.code };
  if (issue.expected !== undefined) out.expected = issue.expected;
  if (issue.suggestion !== undefined) out.suggestion = issue.suggestion;
  if (issue.line !== undefined) out.line = issue.line;
  if (issue.column !== undefined) out.column = issue.column;
  // @qqt/data may quote a whole field (a 4 MB bucket id) into its message: quote at most 200 characters of it.
  return boundIssue(out);
}

/** Refuses a document nested deeper than {@link MAX_JSON_DEPTH} before @qqt/data (which recurses) reads it. */
function depthLimit(value: object, path: string, format: string): Issue[] {
  if (!nestsDeeperThan(value, MAX_JSON_DEPTH)) return [];
  return [{ path, message: `the document nests arrays and objects deeper than ${MAX_JSON_DEPTH} levels`, code: "TOO_DEEP", expected: `a ${format} document at most ${MAX_JSON_DEPTH} levels deep` }];
}

/** Checks a value is a JSON object before handing it to @qqt/data (which would read a string as JSON text). */
function documentObject(value: unknown, path: string, format: string): Issue[] {
  if (value !== null && typeof value === "object" && !Array.isArray(value)) return [];
  const code = value === undefined ? "MISSING_FIELD" : "INVALID_TYPE";
  return [{ path, message: `got ${describeValue(value)}`, code, expected: `a ${format} JSON object` }];
}

/** Counts beyond which a study is refused before it is read in full (the body size limit usually binds first). */
function sizeLimits(value: object, path: string): Issue[] {
  const issues: Issue[] = [];
  const { buckets, observations } = value as { buckets?: unknown; observations?: unknown };
  if (Array.isArray(buckets) && buckets.length > MAX_STUDY_BUCKETS) {
    issues.push({ path: within(path, "buckets"), message: `got ${buckets.length} buckets`, code: "OUT_OF_RANGE", expected: `at most ${MAX_STUDY_BUCKETS} buckets` });
  }
  if (Array.isArray(observations) && observations.length > MAX_OBSERVATIONS) {
    issues.push({
      path: within(path, "observations"),
      message: `got ${observations.length} observations`,
      code: "OUT_OF_RANGE",
      expected: `at most ${MAX_OBSERVATIONS} observations`,
    });
  }
  return issues;
}

/**
 * Bucket ids and references longer than {@link MAX_ID_LENGTH}: strings under an `id` key, and the entries of `pool`
 * and `candidates` arrays, anywhere in the document; and field names (tag names included) longer than that, which
 * @qqt/data would compare with every known field to suggest one (an explicit stack: the depth was checked before).
 */
function idLengthLimits(value: object, path: string): Issue[] {
  const issues: Issue[] = [];
  const stack: Array<{ value: unknown; path: string; reference: boolean }> = [{ value, path, reference: false }];
  while (stack.length > 0 && issues.length < MAX_ISSUES) {
    const { value: v, path: at, reference } = stack.pop()!;
    if (typeof v === "string") {
      if (reference && v.length > MAX_ID_LENGTH) {
        issues.push({ path: at, message: `got a bucket id of ${v.length} characters`, code: "OUT_OF_RANGE", expected: `a bucket id of at most ${MAX_ID_LENGTH} characters` });
      }
    } else if (Array.isArray(v)) {
      v.forEach((item, i) => stack.push({ value: item, path: `${at}[${i}]`, reference }));
    } else if (v !== null && typeof v === "object") {
      for (const [key, item] of Object.entries(v)) {
        if (key.length > MAX_ID_LENGTH) {
          issues.push({ path: at, message: `got a field name of ${key.length} characters`, code: "OUT_OF_RANGE", expected: `field names of at most ${MAX_ID_LENGTH} characters` });
          continue;
        }
        stack.push({ value: item, path: joinJsonPath(at, key), reference: key === "id" || key === "pool" || key === "candidates" });
      }
    }
  }
  return issues;
}

/**
 * Checks a parsed JSON value against the `qqt.study/v1` format with @qqt/data's `parseStudy`; returns every issue
 * (empty when valid), with paths under `path`.
 *
 * @remarks @qqt/data checks the format and version; buckets (unique non-empty ids, sizes > 0, quality with a score
 * and `fromPercentile < toPercentile` in [0, 100]); observations (a non-empty pool of known, distinct bucket ids,
 * `samplesSeen > 0`, `error >= 0` and `<= 1` unless `metric.kind` is `"loss"`, `weight > 0`, string tags, no two
 * runs with the same pool, samples seen, metric and tags); an embedded model (as {@link checkModelValue}, whose
 * buckets must be study buckets of the same size); and no unknown fields (with "did you mean"). Studies nested
 * deeper than {@link MAX_JSON_DEPTH}, with more than {@link MAX_STUDY_BUCKETS} buckets or {@link MAX_OBSERVATIONS}
 * observations, or with a bucket id, reference or field name longer than {@link MAX_ID_LENGTH} characters are
 * refused up front, before @qqt/data reads them.
 * @example
 * ```ts
 * checkStudyValue({ format: "qqt.study/v1", buckets: [{ id: "a", size: 0 }], observations: [] }, "study");
 * // [{ path: "study.buckets[0].size", message: "buckets[0].size is 0", code: "OUT_OF_RANGE", expected: "a number of unique samples in [1, 1e18]" }]
 * ```
 */
export function checkStudyValue(value: unknown, path = ""): Issue[] {
  const shape = documentObject(value, path, STUDY_FORMAT);
  if (shape.length > 0) return shape;
  const deep = depthLimit(value as object, path, STUDY_FORMAT);
  if (deep.length > 0) return deep;
  const limits = [...sizeLimits(value as object, path), ...idLengthLimits(value as object, path)];
  if (limits.length > 0) return limits;
  const result = safeParseStudy(value as object);
  return result.success ? [] : dataIssues(result.error, path);
}

/**
 * Checks a parsed JSON value against the `qqt.model/v1` format with @qqt/data's `parseModel`; returns every issue
 * (empty when valid), with paths under `path`.
 *
 * @remarks Law, task (`a > 0`, `d >= 0`, `normalizer > 0`), buckets (unique ids, `size > 0`, `b < 0`, `tau > 0`) and
 * the fit diagnostics (standard errors, intervals and bootstrap draws consistent with the buckets).
 * @example
 * ```ts
 * checkModelValue({ format: "qqt.model/v1" }).map((i) => i.path); // ["law", "task", "buckets"]
 * ```
 */
export function checkModelValue(value: unknown, path = ""): Issue[] {
  const shape = documentObject(value, path, "qqt.model/v1");
  if (shape.length > 0) return shape;
  const deep = depthLimit(value as object, path, "qqt.model/v1");
  if (deep.length > 0) return deep;
  const long = idLengthLimits(value as object, path);
  if (long.length > 0) return long;
  const result = safeParseModel(value as object);
  return result.success ? [] : dataIssues(result.error, path);
}

function dataIssues(error: unknown, path: string): Issue[] {
  if (!(error instanceof DataError)) throw error;
  return error.issues.map((issue) => fromDataIssue(issue, path));
}

/** Checks that a model sent beside a study describes the study's buckets (same ids and sizes), as @qqt/data does for an embedded one. */
function checkModelBuckets(c: Issues, model: ModelFileV1, path: string, study: StudyDocument): void {
  const sizes = new Map(study.buckets.map((b) => [b.id, b.size]));
  model.buckets.forEach((b, i) => {
    const size = sizes.get(b.id);
    if (size === undefined) {
      c.push({
        path: `${path}.buckets[${i}].id`,
        message: `model bucket ${quote(b.id)} is not a study bucket`,
        code: "UNKNOWN_BUCKET",
        expected: "model buckets that are study buckets",
      });
    } else if (size !== b.size) {
      c.push({
        path: `${path}.buckets[${i}].size`,
        message: `model bucket ${quote(b.id)} has size ${b.size} but the study bucket has ${size}`,
        code: "INCONSISTENT_BUCKET_SIZE",
        expected: "the same size in the study and its model",
      });
    }
  });
}

/**
 * Validates the text of a `qqt.study/v1` document with @qqt/data: JSON syntax, then the format, every issue located
 * by line and column.
 *
 * @example
 * ```ts
 * validateStudyDocument('{"format":"qqt.study/v1","buckets":[{"id":"a","size":-1}],"observations":[]}');
 * // { ok: false, issues: [{ path: "buckets[0].size", message: "buckets[0].size is -1", code: "OUT_OF_RANGE",
 * //   expected: "a number of unique samples in [1, 1e18]", line: 1, column: 47 }] }
 * ```
 */
export function validateStudyDocument(text: string): { ok: true; study: StudyDocument } | { ok: false; issues: Issue[] } {
  const parsed = parseJson(text);
  if (!parsed.ok) return parsed;
  const issues = checkStudyValue(parsed.value);
  return issues.length === 0 ? { ok: true, study: parsed.value as StudyDocument } : { ok: false, issues: locateIssues(issues, text) };
}

/**
 * Validates the text of a `qqt.model/v1` document with @qqt/data: JSON syntax, then the format, every issue located.
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
 * Parses JSON text, or returns the syntax error as an issue with line and column; text nested deeper than
 * {@link MAX_JSON_DEPTH} is refused before it is parsed.
 */
function parseJson(text: string): Validation<unknown> {
  const deep = findDeepNesting(text, MAX_JSON_DEPTH);
  if (deep !== null) {
    return { ok: false, issues: [{ path: "", message: `nesting deeper than ${MAX_JSON_DEPTH} levels starts here`, code: "TOO_DEEP", line: deep.line, column: deep.column }] };
  }
  try {
    return { ok: true, value: JSON.parse(text.charCodeAt(0) === 0xfeff ? text.slice(1) : text) };
  } catch (error) {
    const located = locateJson(text);
    const issue: Issue = { path: "", message: boundText(located.ok ? `not valid JSON (${(error as Error).message})` : located.message), code: "INVALID_JSON" };
    if (!located.ok) {
      issue.line = located.position.line;
      issue.column = located.position.column;
    }
    return { ok: false, issues: [issue] };
  }
}

/**
 * Adds the line and column of each issue's field (or of its nearest present ancestor) in `text`.
 *
 * @example
 * ```ts
 * locateIssues([{ path: "a.b", message: "…" }], '{\n "a": {"b": 1}}'); // [{ path: "a.b", message: "…", line: 2, column: 8 }]
 * ```
 */
export function locateIssues(issues: readonly Issue[], text: string): Issue[] {
  let positions: ReadonlyMap<string, TextPosition> | undefined;
  return issues.map((issue) => {
    if (positions === undefined) {
      const located = locateJson(text);
      positions = located.ok ? located.positions : new Map();
    }
    const at = positionOf(positions, issue.path);
    return at === undefined ? { ...issue } : { ...issue, line: at.line, column: at.column };
  });
}

/** A name: non-empty after trimming, at most {@link MAX_NAME_LENGTH} characters, no control characters. */
function checkName(c: Issues, value: unknown, path: string): string | undefined {
  if (typeof value !== "string" || value.trim().length === 0 || value.length > MAX_NAME_LENGTH || CONTROL.test(value)) {
    const got = typeof value === "string" && value.length > MAX_NAME_LENGTH ? `a name of ${value.length} characters` : describeValue(value);
    c.add(path, `got ${got}; expected a non-empty name of at most ${MAX_NAME_LENGTH} characters without control characters`);
    return undefined;
  }
  return value.trim();
}

// eslint-disable-next-line no-control-regex
const CONTROL = /[\u0000-\u001f\u007f]/;

function checkVersionFields(c: Issues, body: Obj): void {
  const studyIssues = checkStudyValue(body.study, "study");
  c.addAll(studyIssues);
  if (body.model !== undefined) {
    const modelIssues = checkModelValue(body.model, "model");
    c.addAll(modelIssues);
    if (modelIssues.length === 0 && studyIssues.length === 0) checkModelBuckets(c, body.model as ModelFileV1, "model", body.study as StudyDocument);
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
      else c.add("deleted", `got ${describeValue(o.deleted)}; expected true (move to trash) or false (restore)`);
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
      c.add("token", `got ${typeof o.token === "string" ? "an empty or over-long string" : describeValue(o.token)}; expected the access token (a string)`);
    }
  }
  const issues = c.done();
  return issues.length > 0 ? { ok: false, issues } : { ok: true, value: { token: (o as Obj).token as string } };
}
