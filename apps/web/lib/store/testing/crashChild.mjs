// Child process for the crash test: starts a save the way StudyStore does (BEGIN IMMEDIATE, bump the counter,
// insert a 2 MB version with a tiny page cache so that uncommitted pages spill into the WAL file), then dies by
// SIGKILL before COMMIT — a real crash, not an exception.
import Database from "better-sqlite3";

const [file, studyId] = process.argv.slice(2);
const db = new Database(file);
db.pragma("journal_mode = WAL");
db.pragma("synchronous = FULL");
db.pragma("cache_size = -64"); // 64 KiB: the 2 MB row cannot stay in memory
db.exec("begin immediate");
const { latest_version: version } = db.prepare("update studies set latest_version = latest_version + 1 where id = ? returning latest_version").get(studyId);
const big = JSON.stringify({ format: "qqt.study/v1", description: "x".repeat(2_000_000), buckets: [], observations: [] });
db.prepare("insert into study_versions (study_id, version, created_at, study_json, bucket_count, observation_count) values (?, ?, ?, ?, 0, 0)").run(
  studyId,
  version,
  new Date().toISOString(),
  big,
);
process.stdout.write(`wrote version ${version} uncommitted\n`);
process.kill(process.pid, "SIGKILL");
