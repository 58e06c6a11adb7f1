import { DataError, type DataIssue, type IssueDraft } from "../DataError.js";
import type { Study } from "../types.js";
import { Checker } from "./check.js";
import { STUDY_FORMAT } from "./checkModel.js";
import { checkStudy } from "./checkStudy.js";

/**
 * Runs the one study check (the `qqt.study/v1` rules `parseStudy` applies) on a study a reader built, so that what
 * `qqt validate` passes `qqt fit` accepts: a DataComp checkpoint at epoch 0 (0 samples seen), a pool naming a bucket
 * twice, a value out of range are refused by every reader alike. Issues about a run point at the file and line it
 * was read from. @internal
 */
export function verifyStudy(study: Study, file: string): void {
  const drafts: IssueDraft[] = [];
  checkStudy({ ...study, format: STUDY_FORMAT }, new Checker(drafts));
  if (drafts.length === 0) return;
  const issues: DataIssue[] = drafts.map((d) => {
    const run = /^observations\[(\d+)\]/.exec(d.field ?? "");
    const origin = run !== null ? study.observations[Number(run[1])]?.origin : undefined;
    return { ...d, file: origin?.file ?? d.file ?? file, ...(origin !== undefined ? { line: origin.line } : {}) } as DataIssue;
  });
  throw new DataError(issues);
}
