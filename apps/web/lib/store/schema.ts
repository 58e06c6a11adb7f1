// The database schema as Kysely sees it. Identical on SQLite and PostgreSQL (see migrations.ts): times are ISO-8601
// UTC strings (`2026-11-26T10:12:05.123Z`, fixed width, so they sort as text) and documents are JSON text, stored
// byte for byte as accepted (PostgreSQL's jsonb would reorder keys and drop duplicate ones).
import type { Generated } from "kysely";

/** One row of `studies`: the study's identity and name; its content lives in `study_versions`. */
export interface StudiesTable {
  /** Random URL-safe id (16 characters), used in share links. */
  id: string;
  name: string;
  /** The name folded for case-insensitive search (`foldForSearch(name)`), kept in step with `name` on every write. */
  search_name: string;
  created_at: string;
  updated_at: string;
  /** Soft delete: the time the study was moved to the trash, or null. */
  deleted_at: string | null;
  /** Highest version number so far (0 before the first); the counter that makes version numbers dense. */
  latest_version: Generated<number>;
  /** Latest version that carries a model, and its time; null when no version has one. */
  last_fit_version: number | null;
  last_fit_at: string | null;
}

/** One row of `study_versions`: an immutable snapshot. Primary key (study_id, version). */
export interface StudyVersionsTable {
  study_id: string;
  version: number;
  created_at: string;
  author: string | null;
  label: string | null;
  /** The version this one was edited from, if the client said so. */
  parent_version: number | null;
  /** The `qqt.study/v1` document, as JSON text. */
  study_json: string;
  /** The `qqt.model/v1` document, as JSON text, or null when this version has no model. */
  model_json: string | null;
  /** `law.formulation` and `law.variant` of the model, for listing and filtering. */
  law_formulation: string | null;
  law_variant: string | null;
  /** JSON of the fit's metadata (generator, loss, seed, options, diagnostics), or null. */
  fit_json: string | null;
  bucket_count: number;
  observation_count: number;
}

/**
 * One row of `sessions`: a signed-in browser. The cookie holds a random secret; only its SHA-256 is stored, so the
 * table alone lets no one in.
 */
export interface SessionsTable {
  /** SHA-256 of the cookie's secret, base64url. */
  id: string;
  created_at: string;
  /** The session is void from this time on. */
  expires_at: string;
  /** HMAC of the access token the session was opened with: after the token changes, the session is void. */
  token_mark: string;
}

/** The database: table name → row type. */
export interface Database {
  studies: StudiesTable;
  study_versions: StudyVersionsTable;
  sessions: SessionsTable;
}
