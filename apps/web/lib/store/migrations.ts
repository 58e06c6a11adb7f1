// Versioned schema migrations, defined in code and run on start (Kysely's Migrator records the applied ones in
// `kysely_migration` and holds a lock while migrating, so several app processes starting at once are safe).
// The same migrations run on SQLite and PostgreSQL: only portable types (text, integer) and constraints are used.
// Never edit a released migration: add a new one with the next number.
import { Migrator, sql, type Kysely, type Migration, type MigrationResult } from "kysely";
import { foldForSearch } from "./search";
import { StoreError } from "./StoreError";

/** Every migration, by name; names sort in the order they apply. */
export const MIGRATIONS: Readonly<Record<string, Migration>> = {
  "0001_studies_and_versions": {
    async up(db: Kysely<unknown>): Promise<void> {
      await db.schema
        .createTable("studies")
        .addColumn("id", "text", (c) => c.primaryKey())
        .addColumn("name", "text", (c) => c.notNull())
        .addColumn("created_at", "text", (c) => c.notNull())
        .addColumn("updated_at", "text", (c) => c.notNull())
        .addColumn("deleted_at", "text")
        .addColumn("latest_version", "integer", (c) => c.notNull().defaultTo(0))
        .addColumn("last_fit_version", "integer")
        .addColumn("last_fit_at", "text")
        .addCheckConstraint("studies_latest_version_nonnegative", sql`latest_version >= 0`)
        .execute();
      await db.schema.createIndex("studies_by_update").on("studies").columns(["deleted_at", "updated_at"]).execute();

      await db.schema
        .createTable("study_versions")
        .addColumn("study_id", "text", (c) => c.notNull())
        .addColumn("version", "integer", (c) => c.notNull())
        .addColumn("created_at", "text", (c) => c.notNull())
        .addColumn("author", "text")
        .addColumn("label", "text")
        .addColumn("parent_version", "integer")
        .addColumn("study_json", "text", (c) => c.notNull())
        .addColumn("model_json", "text")
        .addColumn("law_formulation", "text")
        .addColumn("law_variant", "text")
        .addColumn("fit_json", "text")
        .addColumn("bucket_count", "integer", (c) => c.notNull())
        .addColumn("observation_count", "integer", (c) => c.notNull())
        // The unique constraint that makes a lost or duplicated version impossible, whatever the code above does.
        .addPrimaryKeyConstraint("study_versions_pk", ["study_id", "version"])
        .addForeignKeyConstraint("study_versions_study_fk", ["study_id"], "studies", ["id"])
        .addCheckConstraint("study_versions_version_positive", sql`version >= 1`)
        .addCheckConstraint("study_versions_parent_before", sql`parent_version IS NULL OR (parent_version >= 1 AND parent_version < version)`)
        .execute();
    },
    async down(db: Kysely<unknown>): Promise<void> {
      await db.schema.dropTable("study_versions").execute();
      await db.schema.dropTable("studies").execute();
    },
  },
  "0002_sessions": {
    async up(db: Kysely<unknown>): Promise<void> {
      await db.schema
        .createTable("sessions")
        .addColumn("id", "text", (c) => c.primaryKey())
        .addColumn("created_at", "text", (c) => c.notNull())
        .addColumn("expires_at", "text", (c) => c.notNull())
        .addColumn("token_mark", "text", (c) => c.notNull())
        .execute();
      await db.schema.createIndex("sessions_by_expiry").on("sessions").column("expires_at").execute();
    },
    async down(db: Kysely<unknown>): Promise<void> {
      await db.schema.dropTable("sessions").execute();
    },
  },
  "0003_study_search_name": {
    async up(db: Kysely<unknown>): Promise<void> {
      await db.schema.alterTable("studies").addColumn("search_name", "text", (c) => c.notNull().defaultTo("")).execute();
      const typed = db as unknown as Kysely<{ studies: { id: string; name: string; search_name: string } }>;
      const rows = await typed.selectFrom("studies").select(["id", "name"]).execute();
      for (const row of rows) await typed.updateTable("studies").set({ search_name: foldForSearch(row.name) }).where("id", "=", row.id).execute();
    },
    async down(db: Kysely<unknown>): Promise<void> {
      await db.schema.alterTable("studies").dropColumn("search_name").execute();
    },
  },
};

/** The outcome of {@link migrateToLatest}: the migrations applied now (empty when already up to date). */
export interface MigrationReport {
  applied: string[];
}

/**
 * Applies every pending migration, in order, each in a transaction. Throws (with the failing migration's name) if
 * one fails; the ones before it stay applied.
 *
 * @example
 * ```ts
 * await migrateToLatest(db); // { applied: ["0001_studies_and_versions"] } on an empty database, then { applied: [] }
 * ```
 */
export async function migrateToLatest(db: Kysely<unknown>): Promise<MigrationReport> {
  const migrator = new Migrator({ db, provider: { getMigrations: async () => ({ ...MIGRATIONS }) } });
  const { error, results } = await migrator.migrateToLatest();
  const failed = results?.find((r: MigrationResult) => r.status === "Error");
  if (error !== undefined) {
    const which = failed ? `migration ${failed.migrationName}` : "migrating";
    throw new StoreError("INTERNAL", `Database schema upgrade failed at ${which}: ${(error as Error).message ?? String(error)}`, [], {
      cause: error,
    });
  }
  return { applied: (results ?? []).filter((r) => r.status === "Success").map((r) => r.migrationName) };
}
