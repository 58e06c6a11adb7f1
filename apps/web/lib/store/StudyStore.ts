// The storage service: studies and their immutable versions, on top of a Kysely database (SQLite or PostgreSQL).
// Framework-independent (no Next.js imports) so it is tested directly; the route handlers only translate HTTP.
import { randomBytes } from "node:crypto";
import { sql, type Kysely, type Selectable, type Updateable } from "kysely";
import type { StoreDatabase } from "./database";
import type { Database, StudiesTable, StudyVersionsTable } from "./schema";
import { foldForSearch, searchPattern } from "./search";
import { isStoreError, StoreError } from "./StoreError";
import type { CreateStudyInput, ModelFileV1, SaveVersionInput, StudyDocument, UpdateStudyInput } from "./validate";

/** Attempts of a write transaction that hits a transient conflict (lock timeout, serialization failure). */
export const MAX_WRITE_ATTEMPTS = 8;
/** Base delay between write attempts, in milliseconds (doubled each attempt, with jitter). */
export const RETRY_BASE_DELAY_MS = 5;
/** Default and largest page size of {@link StudyStore.listStudies}. */
export const DEFAULT_PAGE_SIZE = 100;
export const MAX_PAGE_SIZE = 500;
/** Longest search text of {@link StudyStore.listStudies}, in characters. */
export const MAX_SEARCH_LENGTH = 200;
/** Name of a study created without one. */
export const UNTITLED = "Untitled study";

/** Length of a study id: 12 random bytes in base64url. */
const ID_BYTES = 12;
/** A study id as it appears in URLs. */
export const STUDY_ID_PATTERN = /^[A-Za-z0-9_-]{16}$/;

/**
 * A study as listed in the workspace: identity, name, times and a summary of its latest version.
 *
 * @example
 * ```ts
 * const s: StudySummary = { id: "k3J9x2LmQp0aZ1bC", name: "ImageNet T-MARS", createdAt: "2026-11-26T10:12:05.123Z",
 *   updatedAt: "2026-11-27T08:00:00.000Z", deletedAt: null, latestVersion: 3, buckets: 6, observations: 42,
 *   lastFit: { version: 3, at: "2026-11-27T08:00:00.000Z", rmse: 0.004 } };
 * ```
 */
export interface StudySummary {
  id: string;
  name: string;
  createdAt: string;
  updatedAt: string;
  /** When the study was moved to the trash, or null. */
  deletedAt: string | null;
  latestVersion: number;
  /** Buckets and observations in the latest version. */
  buckets: number;
  observations: number;
  /** The latest version with a model, or null when the study was never fitted. */
  lastFit: { version: number; at: string } | null;
}

/**
 * The metadata of a fit, taken from the model's `fit` block: what produced it and how well it converged.
 *
 * @example
 * ```ts
 * const f: FitSummary = { generator: "@qqt/fit 0.1.0", loss: "sse", seed: 1, observations: 42, sse: 0.0007,
 *   rmse: 0.004, iterations: 31, converged: true, warnings: [] };
 * ```
 */
export interface FitSummary {
  generator: string;
  createdAt?: string;
  loss: string;
  seed: number;
  options?: Record<string, unknown>;
  observations: number;
  sse: number;
  rmse: number;
  iterations: number;
  converged: boolean;
  warnings: Array<{ code: string; message: string }>;
  bootstrap?: { method: string; samples: number; seed: number; confidence: number; draws: number };
}

/**
 * One version of a study, without its documents: what the history view lists.
 *
 * @example
 * ```ts
 * const v: VersionInfo = { studyId: "k3J9x2LmQp0aZ1bC", version: 2, createdAt: "2026-11-26T11:00:00.000Z",
 *   author: "ana", label: "refit with huber-log", parentVersion: 1, buckets: 6, observations: 42, hasModel: true,
 *   law: { formulation: "utility", variant: "reference" }, fit: null };
 * ```
 */
export interface VersionInfo {
  studyId: string;
  version: number;
  createdAt: string;
  author: string | null;
  label: string | null;
  parentVersion: number | null;
  buckets: number;
  observations: number;
  hasModel: boolean;
  law: { formulation: string; variant: string } | null;
  fit: FitSummary | null;
}

/** A version with its documents. */
export interface VersionDetail extends VersionInfo {
  study: StudyDocument;
  model: ModelFileV1 | null;
}

/** Which studies {@link StudyStore.listStudies} returns with respect to the trash. */
export type TrashFilter = "exclude" | "only" | "include";

/** Query of {@link StudyStore.listStudies}. */
export interface ListQuery {
  /** Page size, 1…{@link MAX_PAGE_SIZE} (default {@link DEFAULT_PAGE_SIZE}). */
  limit?: number;
  offset?: number;
  /** Default `"exclude"`: deleted studies are not listed. */
  deleted?: TrashFilter;
  /**
   * Case-insensitive substring of the name, compared after Unicode case folding ({@link foldForSearch}: `é` finds
   * `Études`), the same on SQLite and PostgreSQL. At most {@link MAX_SEARCH_LENGTH} characters.
   */
  search?: string;
}

/** A page of studies, most recently updated first. */
export interface StudyPage {
  studies: StudySummary[];
  /** Number of studies matching the query (all pages). */
  total: number;
  limit: number;
  offset: number;
}

/** A file produced by {@link StudyStore.exportStudy}. */
export interface ExportFile {
  filename: string;
  mediaType: string;
  text: string;
}

/** What to export: the study (with its model embedded) or the model alone. */
export type ExportPart = "study" | "model";

/**
 * Test seams: code run inside a save transaction after the version row is written and before the commit. A hook
 * that throws simulates a crash mid-save; the transaction must roll back.
 */
export interface StoreFaults {
  afterVersionInsert?: (where: { studyId: string; version: number }) => void | Promise<void>;
}

/** Options of {@link StudyStore}. */
export interface StudyStoreOptions {
  /** Clock (default `new Date()`). */
  now?: () => Date;
  faults?: StoreFaults;
}

type StudyRow = Selectable<StudiesTable>;
type VersionRow = Selectable<StudyVersionsTable>;
type Db = Kysely<Database>;

/**
 * Studies with a full, immutable history of versions, stored in SQLite or PostgreSQL.
 *
 * @remarks Every write is one transaction. A new version takes the next number from the study row's
 * `latest_version` counter, incremented in the same transaction that inserts the version: PostgreSQL's row lock
 * and SQLite's `BEGIN IMMEDIATE` serialize concurrent saves of a study, and the `(study_id, version)` primary key
 * rejects any duplicate, so numbers are dense (1, 2, 3, …) and no save is lost. Transient conflicts (lock timeout,
 * serialization failure) are retried up to {@link MAX_WRITE_ATTEMPTS} times.
 * @example
 * ```ts
 * const store = new StudyStore(await openDatabase({ kind: "sqlite", file: "/tmp/qqt.sqlite" }));
 * const { study } = await store.createStudy({ name: "ImageNet", study: doc });
 * await store.saveVersion(study.id, { study: doc2, model, parentVersion: 1 }); // → version 2
 * ```
 */
export class StudyStore {
  readonly database: StoreDatabase;
  private readonly now: () => Date;
  private readonly faults: StoreFaults;

  constructor(database: StoreDatabase, options: StudyStoreOptions = {}) {
    this.database = database;
    this.now = options.now ?? (() => new Date());
    this.faults = options.faults ?? {};
  }

  /** Closes the database. */
  close(): Promise<void> {
    return this.database.close();
  }

  /**
   * Lists studies, most recently updated first, with a summary of each one's latest version.
   *
   * @example
   * ```ts
   * await store.listStudies({ limit: 20, search: "imagenet" }); // { studies: [...], total: 3, limit: 20, offset: 0 }
   * ```
   */
  async listStudies(query: ListQuery = {}): Promise<StudyPage> {
    const limit = clampInt(query.limit ?? DEFAULT_PAGE_SIZE, 1, MAX_PAGE_SIZE);
    const offset = Math.max(0, Math.floor(query.offset ?? 0));
    const db = this.database.db;
    let base = db.selectFrom("studies as s");
    const deleted = query.deleted ?? "exclude";
    if (deleted === "exclude") base = base.where("s.deleted_at", "is", null);
    if (deleted === "only") base = base.where("s.deleted_at", "is not", null);
    if (query.search !== undefined && query.search.trim() !== "") {
      if (query.search.length > MAX_SEARCH_LENGTH) {
        throw new StoreError("BAD_REQUEST", `The search text is ${query.search.length} characters long; expected at most ${MAX_SEARCH_LENGTH}.`);
      }
      base = base.where(sql<boolean>`s.search_name like ${searchPattern(query.search)} escape '\\'`);
    }
    const totalRow = await base.select(sql<number | string>`count(*)`.as("n")).executeTakeFirstOrThrow();
    const rows = await base
      .leftJoin("study_versions as v", (join) => join.onRef("v.study_id", "=", "s.id").onRef("v.version", "=", "s.latest_version"))
      .selectAll("s")
      .select(["v.bucket_count", "v.observation_count"])
      .orderBy("s.updated_at", "desc")
      .orderBy("s.id")
      .limit(limit)
      .offset(offset)
      .execute();
    return {
      studies: rows.map((r) => toSummary(r, { bucket_count: r.bucket_count ?? 0, observation_count: r.observation_count ?? 0 })),
      total: Number(totalRow.n),
      limit,
      offset,
    };
  }

  /**
   * Creates a study with its first version.
   *
   * @example
   * ```ts
   * const { study, version } = await store.createStudy({ name: "ImageNet", study: doc, author: "ana" });
   * version.version; // 1
   * ```
   */
  async createStudy(input: CreateStudyInput): Promise<{ study: StudySummary; version: VersionInfo }> {
    const name = (input.name ?? input.study.name ?? "").trim() || UNTITLED;
    return this.write(async (db) => {
      const at = this.timestamp();
      const id = randomBytes(ID_BYTES).toString("base64url");
      const model = input.model ?? input.study.model ?? null;
      await db
        .insertInto("studies")
        .values({
          id,
          name: name.slice(0, 200),
          search_name: foldForSearch(name.slice(0, 200)),
          created_at: at,
          updated_at: at,
          deleted_at: null,
          latest_version: 1,
          last_fit_version: model ? 1 : null,
          last_fit_at: model ? at : null,
        })
        .execute();
      const row = versionRow(id, 1, at, { ...input, model: model ?? undefined });
      await db.insertInto("study_versions").values(row).execute();
      await this.faults.afterVersionInsert?.({ studyId: id, version: 1 });
      const study = await this.readStudy(db, id);
      return { study, version: toVersionInfo(row) };
    });
  }

  /**
   * Saves a new version of a study; never overwrites an existing one.
   *
   * @remarks `parentVersion`, when given, must be an existing version; it is recorded, not enforced to be the
   * latest, so two people saving from the same version both keep their work (the UI can show the fork).
   * @example
   * ```ts
   * const { version } = await store.saveVersion(id, { study: doc, model, label: "refit", parentVersion: 1 });
   * version.version; // 2
   * ```
   */
  async saveVersion(id: string, input: SaveVersionInput): Promise<{ study: StudySummary; version: VersionInfo }> {
    return this.write(async (db) => {
      const at = this.timestamp();
      const hasModel = input.model !== undefined || input.study.model !== undefined;
      const bumped = await db
        .updateTable("studies")
        .set((eb) => ({
          latest_version: eb("latest_version", "+", 1),
          updated_at: at,
          ...(hasModel ? { last_fit_version: eb("latest_version", "+", 1), last_fit_at: at } : {}),
        }))
        .where("id", "=", id)
        .where("deleted_at", "is", null)
        .returning("latest_version")
        .executeTakeFirst();
      if (bumped === undefined) {
        await this.readStudy(db, id); // throws NOT_FOUND or GONE
        throw new StoreError("INTERNAL", `Study "${id}" could not be updated.`);
      }
      const version = Number(bumped.latest_version);
      if (input.parentVersion !== undefined && input.parentVersion >= version) {
        throw new StoreError(
          "VALIDATION_FAILED",
          `Study "${id}" has no version ${input.parentVersion} to derive from; its latest version is ${version - 1}.`,
          [{ path: "parentVersion", message: `got ${input.parentVersion}; expected an existing version, 1…${version - 1}` }],
        );
      }
      const row = versionRow(id, version, at, { ...input, model: input.model ?? input.study.model });
      await db.insertInto("study_versions").values(row).execute();
      await this.faults.afterVersionInsert?.({ studyId: id, version });
      const study = await this.readStudy(db, id);
      return { study, version: toVersionInfo(row) };
    });
  }

  /**
   * Reads a study's summary. Throws `NOT_FOUND` for an unknown id and `GONE` for a deleted study unless
   * `includeDeleted`.
   *
   * @example
   * ```ts
   * (await store.getStudy(id)).latestVersion; // 3
   * ```
   */
  async getStudy(id: string, options: { includeDeleted?: boolean } = {}): Promise<StudySummary> {
    return this.readStudy(this.database.db, id, options.includeDeleted ?? false);
  }

  /**
   * Renames a study and/or moves it to the trash (`deleted: true`) or restores it (`deleted: false`). Versions are
   * untouched.
   *
   * @example
   * ```ts
   * await store.updateStudy(id, { name: "ImageNet (T-MARS, 6 buckets)" });
   * await store.updateStudy(id, { deleted: false }); // restore from the trash
   * ```
   */
  async updateStudy(id: string, input: UpdateStudyInput): Promise<StudySummary> {
    return this.write(async (db) => {
      const current = await this.readStudy(db, id, true);
      if (current.deletedAt !== null && input.name !== undefined && input.deleted !== false) {
        throw new StoreError("GONE", `Study "${id}" is in the trash since ${current.deletedAt}; restore it first (PATCH {"deleted": false}).`);
      }
      const at = this.timestamp();
      const changes: Updateable<StudiesTable> = { updated_at: at };
      if (input.name !== undefined) {
        changes.name = input.name;
        changes.search_name = foldForSearch(input.name);
      }
      if (input.deleted === true && current.deletedAt === null) changes.deleted_at = at;
      if (input.deleted === false) changes.deleted_at = null;
      await db.updateTable("studies").set(changes).where("id", "=", id).execute();
      return this.readStudy(db, id, true);
    });
  }

  /**
   * Moves a study to the trash (soft delete): it disappears from the list and its reads answer `GONE`, but nothing
   * is erased and `updateStudy(id, { deleted: false })` restores it. Deleting a deleted study changes nothing.
   *
   * @example
   * ```ts
   * (await store.deleteStudy(id)).deletedAt; // "2026-11-27T09:00:00.000Z"
   * ```
   */
  async deleteStudy(id: string): Promise<StudySummary> {
    return this.updateStudy(id, { deleted: true });
  }

  /**
   * Lists a study's versions, newest first, without their documents.
   *
   * @example
   * ```ts
   * (await store.listVersions(id)).map((v) => v.version); // [3, 2, 1]
   * ```
   */
  async listVersions(id: string): Promise<VersionInfo[]> {
    const db = this.database.db;
    await this.readStudy(db, id);
    const rows = await db
      .selectFrom("study_versions")
      .select([
        "study_id",
        "version",
        "created_at",
        "author",
        "label",
        "parent_version",
        "law_formulation",
        "law_variant",
        "fit_json",
        "bucket_count",
        "observation_count",
        sql<number>`case when model_json is null then 0 else 1 end`.as("has_model"),
      ])
      .where("study_id", "=", id)
      .orderBy("version", "desc")
      .execute();
    return rows.map((r) => toVersionInfo({ ...r, model_json: Number(r.has_model) === 1 ? "" : null }));
  }

  /**
   * Reads one version (or `"latest"`) with its study and model documents.
   *
   * @example
   * ```ts
   * const v = await store.getVersion(id, 2);
   * v.study.buckets.length; // 6
   * ```
   */
  async getVersion(id: string, version: number | "latest"): Promise<VersionDetail> {
    const db = this.database.db;
    const study = await this.readStudy(db, id);
    const wanted = version === "latest" ? study.latestVersion : version;
    const row = await db.selectFrom("study_versions").selectAll().where("study_id", "=", id).where("version", "=", wanted).executeTakeFirst();
    if (row === undefined) {
      throw new StoreError("NOT_FOUND", `Study "${id}" has no version ${wanted}; its versions are 1…${study.latestVersion}.`);
    }
    return {
      ...toVersionInfo(row),
      study: JSON.parse(row.study_json) as StudyDocument,
      model: row.model_json === null ? null : (JSON.parse(row.model_json) as ModelFileV1),
    };
  }

  /**
   * Exports a version as a file: the `qqt.study/v1` document named after the study with the version's model
   * embedded (`part: "study"`, default), or the `qqt.model/v1` alone (`part: "model"`).
   *
   * @example
   * ```ts
   * const f = await store.exportStudy(id, { version: 2 });
   * f.filename; // "imagenet-t-mars.v2.study.json"
   * ```
   */
  async exportStudy(id: string, options: { version?: number | "latest"; part?: ExportPart } = {}): Promise<ExportFile> {
    const summary = await this.getStudy(id);
    const detail = await this.getVersion(id, options.version ?? "latest");
    const base = `${slug(summary.name)}.v${detail.version}`;
    if (options.part === "model") {
      if (detail.model === null) {
        throw new StoreError("NOT_FOUND", `Version ${detail.version} of study "${summary.name}" has no model; export the study instead.`);
      }
      return { filename: `${base}.model.json`, mediaType: "application/json", text: `${JSON.stringify(detail.model, null, 2)}\n` };
    }
    const document: StudyDocument = { ...detail.study, name: summary.name };
    if (detail.model !== null) document.model = detail.model;
    return { filename: `${base}.study.json`, mediaType: "application/json", text: `${JSON.stringify(document, null, 2)}\n` };
  }

  /** Runs `fn` in a write transaction, retrying transient conflicts. */
  private async write<T>(fn: (db: Db) => Promise<T>): Promise<T> {
    for (let attempt = 1; ; attempt++) {
      try {
        return await this.transaction(fn);
      } catch (error) {
        if (!isTransient(error)) throw error;
        if (attempt >= MAX_WRITE_ATTEMPTS) {
          throw new StoreError("CONFLICT", `The database stayed busy with other writes after ${attempt} attempts; try again.`, [], { cause: error });
        }
        const delay = RETRY_BASE_DELAY_MS * 2 ** (attempt - 1) * (0.5 + Math.random());
        await new Promise((resolve) => setTimeout(resolve, delay));
      }
    }
  }

  /** One transaction. SQLite: `BEGIN IMMEDIATE`, so the write lock is taken before the first read. */
  private async transaction<T>(fn: (db: Db) => Promise<T>): Promise<T> {
    const db = this.database.db;
    if (this.database.dialect === "postgres") return db.transaction().execute(fn);
    return db.connection().execute(async (conn) => {
      await sql`begin immediate`.execute(conn);
      try {
        const result = await fn(conn);
        await sql`commit`.execute(conn);
        return result;
      } catch (error) {
        // SQLite may already have rolled back (e.g. on SQLITE_FULL); then ROLLBACK fails harmlessly.
        await sql`rollback`.execute(conn).catch(() => {});
        throw error;
      }
    });
  }

  private async readStudy(db: Db, id: string, includeDeleted = false): Promise<StudySummary> {
    const row = STUDY_ID_PATTERN.test(id)
      ? await db
          .selectFrom("studies as s")
          .leftJoin("study_versions as v", (join) => join.onRef("v.study_id", "=", "s.id").onRef("v.version", "=", "s.latest_version"))
          .selectAll("s")
          .select(["v.bucket_count", "v.observation_count"])
          .where("s.id", "=", id)
          .executeTakeFirst()
      : undefined;
    if (row === undefined) throw new StoreError("NOT_FOUND", `No study with id "${id.slice(0, 40)}".`);
    if (row.deleted_at !== null && !includeDeleted) {
      throw new StoreError("GONE", `Study "${row.name}" was moved to the trash at ${row.deleted_at}; restore it with PATCH {"deleted": false}.`);
    }
    return toSummary(row, { bucket_count: row.bucket_count ?? 0, observation_count: row.observation_count ?? 0 });
  }

  private timestamp(): string {
    return this.now().toISOString();
  }
}

function toSummary(row: StudyRow, counts: { bucket_count: number; observation_count: number }): StudySummary {
  return {
    id: row.id,
    name: row.name,
    createdAt: row.created_at,
    updatedAt: row.updated_at,
    deletedAt: row.deleted_at,
    latestVersion: Number(row.latest_version),
    buckets: Number(counts.bucket_count),
    observations: Number(counts.observation_count),
    lastFit: row.last_fit_version === null || row.last_fit_at === null ? null : { version: Number(row.last_fit_version), at: row.last_fit_at },
  };
}

type VersionMetaRow = Omit<VersionRow, "study_json" | "model_json"> & { model_json: string | null };

function toVersionInfo(row: VersionMetaRow): VersionInfo {
  return {
    studyId: row.study_id,
    version: Number(row.version),
    createdAt: row.created_at,
    author: row.author,
    label: row.label,
    parentVersion: row.parent_version === null ? null : Number(row.parent_version),
    buckets: Number(row.bucket_count),
    observations: Number(row.observation_count),
    hasModel: row.model_json !== null,
    law: row.law_formulation !== null && row.law_variant !== null ? { formulation: row.law_formulation, variant: row.law_variant } : null,
    fit: row.fit_json === null ? null : (JSON.parse(row.fit_json) as FitSummary),
  };
}

function versionRow(
  studyId: string,
  version: number,
  at: string,
  input: { study: StudyDocument; model?: ModelFileV1 | undefined; label?: string; author?: string; parentVersion?: number },
): VersionRow {
  const model = input.model;
  return {
    study_id: studyId,
    version,
    created_at: at,
    author: input.author?.trim() || null,
    label: input.label?.trim() || null,
    parent_version: input.parentVersion ?? null,
    study_json: JSON.stringify(input.study),
    model_json: model === undefined ? null : JSON.stringify(model),
    law_formulation: model?.law.formulation ?? null,
    law_variant: model?.law.variant ?? null,
    fit_json: model?.fit === undefined ? null : JSON.stringify(fitSummary(model.fit)),
    bucket_count: input.study.buckets.length,
    observation_count: input.study.observations.length,
  };
}

/**
 * The metadata kept for a fit: everything but the standard errors and bootstrap draws (which stay in the model).
 *
 * @example
 * ```ts
 * fitSummary(model.fit).rmse; // 0.004
 * ```
 */
export function fitSummary(fit: NonNullable<ModelFileV1["fit"]>): FitSummary {
  const summary: FitSummary = {
    generator: fit.generator,
    loss: fit.loss,
    seed: fit.seed,
    observations: fit.observations,
    sse: fit.sse,
    rmse: fit.rmse,
    iterations: fit.iterations,
    converged: fit.converged,
    warnings: fit.warnings,
  };
  if (fit.createdAt !== undefined) summary.createdAt = fit.createdAt;
  if (fit.options !== undefined) summary.options = fit.options;
  if (fit.bootstrap !== undefined) {
    const b = fit.bootstrap;
    summary.bootstrap = { method: b.method, samples: b.samples, seed: b.seed, confidence: b.confidence, draws: b.draws.length };
  }
  return summary;
}

/** Whether a database error is worth retrying the whole transaction for. */
function isTransient(error: unknown): boolean {
  if (isStoreError(error) || typeof error !== "object" || error === null) return false;
  const code = (error as { code?: unknown }).code;
  if (typeof code !== "string") return false;
  // SQLite: another connection holds the write lock. PostgreSQL: serialization failure, deadlock, and a unique
  // violation of the version key (possible only if the counter were bypassed; the retry then takes a fresh number).
  return (
    code === "SQLITE_BUSY" ||
    code === "SQLITE_BUSY_SNAPSHOT" ||
    code === "SQLITE_LOCKED" ||
    code === "40001" ||
    code === "40P01" ||
    (code === "23505" && (error as { constraint?: unknown }).constraint === "study_versions_pk")
  );
}

function clampInt(x: number, min: number, max: number): number {
  return Math.min(max, Math.max(min, Math.floor(Number.isFinite(x) ? x : min)));
}

/**
 * A file-name-safe form of a study name: lower case ASCII letters, digits and dashes, at most 60 characters.
 *
 * @example
 * ```ts
 * slug("ImageNet — T-MARS (6 buckets)"); // "imagenet-t-mars-6-buckets"
 * ```
 */
export function slug(name: string): string {
  const s = name
    .normalize("NFKD")
    .replace(/[\u0300-\u036f]/g, "")
    .toLowerCase()
    .replace(/[^a-z0-9]+/g, "-")
    .replace(/^-+|-+$/g, "")
    .slice(0, 60)
    .replace(/-+$/, "");
  return s === "" ? "study" : s;
}
