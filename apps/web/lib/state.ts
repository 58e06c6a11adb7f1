import type { ModelFileV1, Study } from "@qqt/data";
import { AdvisorError, problemFromIssue } from "./AdvisorError";
import { parseBudget } from "./budget";
import { canonicalExampleId, type ExampleEntry } from "./examples";
import type { FitSettings } from "./fitSettings";
import { formatSamples } from "./format";
import type { Observation } from "./observations";
import type { ImportChoice, ImportChoices, ReadOutcome } from "./readInput";
import type { ShareState } from "./share";

// The advisor's state and its transitions, as a pure reducer (React's useReducer runs it). Nothing already loaded is
// ever lost: failures only set `problem`.

/**
 * A model the user can pick: a built-in example, an imported file, one restored from a share link, or a fit.
 *
 * @example
 * ```ts
 * // { key: "fit:3", origin: "fit", model: {...}, studyKey: "study:1", observations: [...32 runs] }
 * ```
 */
export interface LoadedModel {
  /** Unique within the session. */
  key: string;
  origin: "example" | "import" | "share" | "fit";
  /** The example's id, for share links (a built-in model, or an example study fitted with its default settings). */
  exampleId?: string;
  /** The import it came from (origin "import"). */
  fileName?: string;
  model: ModelFileV1;
  /** The study the model was fitted to or came with: its runs are drawn against the model. */
  studyKey?: string;
  /** The runs drawn against the model (the study's observations). */
  observations: Observation[];
  /** The settings the model was fitted with in this page (the holdout view fits again with them). */
  settings?: FitSettings;
}

/**
 * Training runs the user can fit: an imported study or an example study.
 *
 * @example
 * ```ts
 * // { key: "study:1", origin: "import", importKey: "import:1", label: "runs.csv", study: {...}, choices: {} }
 * ```
 */
export interface LoadedStudy {
  key: string;
  origin: "example" | "import";
  exampleId?: string;
  /** The import it was read from; its files are kept by the page to read them again with other choices. */
  importKey?: string;
  /** Position among the studies of its import (an OpenCLIP file holds one per architecture). */
  index: number;
  /** How it is listed: the import's name and the study's name. */
  label: string;
  study: Study;
  /** The choices it was read with, and the choice it offers (e.g. another DataComp metric). */
  choices: ImportChoices;
  choice?: ImportChoice;
}

/**
 * A failed import that a choice may fix (ambiguous accuracy scale, several metrics, a metric some files lack).
 *
 * @example
 * ```ts
 * // { importKey: "import:2", name: "runs.csv", choice: { kind: "accuracyScale", options: ["fraction", "percent"], … }, choices: {} }
 * ```
 */
export interface PendingChoice {
  importKey: string;
  name: string;
  choice: ImportChoice;
  choices: ImportChoices;
  /** The import was being read again (its studies are replaced when it succeeds), not read for the first time. */
  reread?: boolean;
}

/**
 * Everything the advisor shows is derived from this state.
 *
 * @example
 * ```ts
 * // { models: [...], studies: [...], selected: "example:tmars-paper", budget: 6.4e8, budgetText: "640M", ... }
 * ```
 */
export interface AdvisorState {
  /** The built-in examples (a study example is loaded and fitted when first opened). */
  examples: ExampleEntry[];
  models: LoadedModel[];
  studies: LoadedStudy[];
  /** Key of the model shown. */
  selected: string;
  /** Key of the study chosen in the fit panel. */
  fitStudy: string | undefined;
  /** The budget in force (samples seen); only ever set from valid input. */
  budget: number;
  /** What the budget box shows (may be invalid while the user types). */
  budgetText: string;
  /** Why `budgetText` is not used, when it is invalid. */
  budgetError: AdvisorError | undefined;
  /** The last failure, shown until dismissed or replaced; `choice` when the user can fix it by choosing. */
  problem: { title: string; error: AdvisorError; choice?: PendingChoice } | undefined;
  /** A short confirmation, e.g. "Imported fit.json". */
  notice: string | undefined;
  /** Warnings of the last import (nothing stopped the read, but they should be known). */
  importWarnings: AdvisorError | undefined;
  /** An example study to open (chosen, or named by a share link); the page loads and fits it, then this clears. */
  pendingExample: string | undefined;
  /** Counter for unique keys. */
  nextId: number;
}

/** The transitions of {@link advisorReducer}. */
export type AdvisorAction =
  | { type: "select"; key: string }
  | { type: "budget-text"; text: string }
  | { type: "budget-value"; samples: number }
  | { type: "imported"; importKey: string; name: string; outcome: Extract<ReadOutcome, { ok: true }>; choices: ImportChoices }
  | { type: "reread"; importKey: string; name: string; outcome: Extract<ReadOutcome, { ok: true }>; choices: ImportChoices }
  | { type: "import-failed"; name: string; error: AdvisorError; choice?: PendingChoice }
  | { type: "example-loaded"; exampleId: string; model?: ModelFileV1; study?: Study }
  | { type: "fitted"; studyKey: string; model: ModelFileV1; exampleId?: string; elapsedMs?: number; settings?: FitSettings }
  | { type: "fit-failed"; title: string; error: AdvisorError; exampleId?: string }
  | { type: "choose-study"; key: string }
  | { type: "share-restored"; state: ShareState }
  | { type: "share-failed"; error: AdvisorError }
  | { type: "dismiss" };

/**
 * The state on first load: the default model (the paper's T-MARS parameters) shown at the default budget, every other
 * example listed to be opened.
 *
 * @example
 * ```ts
 * initialState(catalog, tmars, 640e6).budgetText; // "640M"
 * ```
 */
export function initialState(examples: readonly ExampleEntry[], defaultModel: { id: string; model: ModelFileV1 }, budget: number): AdvisorState {
  const models: LoadedModel[] = [{ key: exampleKey(defaultModel.id), origin: "example", exampleId: defaultModel.id, model: defaultModel.model, observations: [] }];
  return {
    examples: [...examples],
    models,
    studies: [],
    selected: models[0]!.key,
    fitStudy: undefined,
    budget,
    budgetText: formatSamples(budget),
    budgetError: undefined,
    problem: undefined,
    notice: undefined,
    importWarnings: undefined,
    pendingExample: undefined,
    nextId: 1,
  };
}

/** The key of a built-in example's model (and of its entry in the model picker before it is loaded). */
export function exampleKey(id: string): string {
  return `example:${id}`;
}

/** The key of a built-in example's study. */
export function exampleStudyKey(id: string): string {
  return `study:example:${id}`;
}

/**
 * The examples not loaded yet (listed in the model picker; choosing one loads it).
 *
 * @example
 * ```ts
 * unloadedExamples(initialState(catalog, tmars, 640e6)).map((e) => e.id); // ["datacomp-synthetic", "laion-openclip/ViT-B-32", …]
 * ```
 */
export function unloadedExamples(state: AdvisorState): ExampleEntry[] {
  return state.examples.filter((e) => !state.models.some((m) => m.key === exampleKey(e.id)));
}

/**
 * The advisor's reducer. Nothing already loaded is ever lost: failed imports, fits and share links only set `problem`.
 *
 * @example
 * ```ts
 * advisorReducer(state, { type: "budget-text", text: "1.28B" }).budget; // 1.28e9
 * advisorReducer(state, { type: "budget-text", text: "lots" }).budget;  // unchanged; budgetError set
 * ```
 */
export function advisorReducer(state: AdvisorState, action: AdvisorAction): AdvisorState {
  switch (action.type) {
    case "select": {
      if (state.models.some((m) => m.key === action.key)) return { ...state, selected: action.key };
      const example = state.examples.find((e) => exampleKey(e.id) === action.key);
      return example ? { ...state, pendingExample: example.id, problem: undefined, notice: undefined } : state;
    }
    case "budget-text": {
      const parsed = parseBudget(action.text);
      if (!parsed.ok) return { ...state, budgetText: action.text, budgetError: parsed.error };
      return { ...state, budgetText: action.text, budget: parsed.value.samples, budgetError: undefined };
    }
    case "budget-value":
      if (!Number.isFinite(action.samples) || action.samples <= 0) return state;
      return { ...state, budget: action.samples, budgetText: formatSamples(action.samples), budgetError: undefined };
    case "imported":
      return imported(state, action);
    case "reread": {
      const old = state.studies.filter((s) => s.importKey === action.importKey);
      if (old.length === 0) return imported(state, action);
      const studies = state.studies.map((s) => {
        if (s.importKey !== action.importKey) return s;
        const study = action.outcome.studies[s.index];
        if (!study) return s;
        const next: LoadedStudy = { ...s, study, label: studyLabel(action.name, study, action.outcome.studies.length, s.index), choices: action.choices };
        if (action.outcome.choice) next.choice = action.outcome.choice;
        else delete next.choice;
        return next;
      });
      return {
        ...state,
        studies,
        fitStudy: old[0]!.key,
        problem: undefined,
        notice: `Read again: ${action.outcome.summaryText} Fitting it again with the default settings.`,
        importWarnings: warningsOf(action.name, action.outcome),
      };
    }
    case "import-failed": {
      const problem: NonNullable<AdvisorState["problem"]> = { title: `Could not import ${action.name}`, error: action.error };
      if (action.choice) problem.choice = action.choice;
      return { ...state, problem, notice: undefined };
    }
    case "example-loaded": {
      const id = canonicalExampleId(action.exampleId);
      let next = state;
      if (action.model && !state.models.some((m) => m.key === exampleKey(id))) {
        const loaded: LoadedModel = { key: exampleKey(id), origin: "example", exampleId: id, model: action.model, observations: [] };
        next = { ...next, models: [...next.models, loaded], selected: loaded.key, pendingExample: undefined };
      }
      if (action.study) {
        const key = exampleStudyKey(id);
        const entry = state.examples.find((e) => e.id === id);
        const study: LoadedStudy = { key, origin: "example", exampleId: id, index: 0, label: entry?.title ?? action.study.name ?? id, study: action.study, choices: {} };
        const studies = next.studies.some((s) => s.key === key) ? next.studies.map((s) => (s.key === key ? study : s)) : [...next.studies, study];
        next = { ...next, studies, fitStudy: key };
      }
      return next;
    }
    case "fitted": {
      const study = state.studies.find((s) => s.key === action.studyKey);
      const exampleId = action.exampleId;
      const key = exampleId !== undefined ? exampleKey(exampleId) : `fit:${state.nextId}`;
      const loaded: LoadedModel = {
        key,
        origin: exampleId !== undefined ? "example" : "fit",
        model: action.model,
        studyKey: action.studyKey,
        observations: study?.study.observations ?? [],
      };
      if (exampleId !== undefined) loaded.exampleId = exampleId;
      if (action.settings !== undefined) loaded.settings = action.settings;
      const models = state.models.some((m) => m.key === key) ? state.models.map((m) => (m.key === key ? loaded : m)) : [...state.models, loaded];
      const seconds = action.elapsedMs !== undefined ? ` in ${(action.elapsedMs / 1000).toFixed(1)} s` : "";
      const draws = action.model.fit?.bootstrap?.draws.length;
      return {
        ...state,
        models,
        selected: key,
        nextId: exampleId !== undefined ? state.nextId : state.nextId + 1,
        pendingExample: state.pendingExample === exampleId ? undefined : state.pendingExample,
        problem: undefined,
        notice: `Fitted ${action.model.name ?? study?.label ?? "the runs"}${seconds}: RMSE ${formatRmse(action.model.fit?.rmse)}${draws !== undefined ? `, ${draws} bootstrap refits` : ""}. It is now the model shown.`,
      };
    }
    case "fit-failed": {
      const pendingExample = action.exampleId !== undefined && state.pendingExample === action.exampleId ? undefined : state.pendingExample;
      // A cancellation is the user's own doing: a polite notice, not an error.
      if (action.error.code === "FIT_CANCELLED") return { ...state, pendingExample, notice: action.error.message };
      return { ...state, pendingExample, problem: { title: action.title, error: action.error }, notice: undefined };
    }
    case "choose-study":
      return state.studies.some((s) => s.key === action.key) ? { ...state, fitStudy: action.key } : state;
    case "share-restored": {
      const { source, budget } = action.state;
      const withBudget = { ...state, budget, budgetText: formatSamples(budget), budgetError: undefined, problem: undefined };
      if (source.kind === "example") {
        const id = canonicalExampleId(source.id);
        const key = exampleKey(id);
        if (state.models.some((m) => m.key === key)) return { ...withBudget, selected: key, notice: "Restored the shared view." };
        if (!state.examples.some((e) => e.id === id)) return state;
        return { ...withBudget, pendingExample: id, notice: "Restoring the shared view: opening the example…" };
      }
      const key = `share:${state.nextId}`;
      const loaded: LoadedModel = { key, origin: "share", model: source.model, observations: [] };
      return {
        ...withBudget,
        models: [...state.models, loaded],
        selected: key,
        nextId: state.nextId + 1,
        notice:
          source.droppedDraws !== undefined && source.droppedDraws > 0
            ? `Restored the shared model and budget. The short link carries the model without its ${source.droppedDraws} bootstrap draws: no intervals or P(best); import the model file for them.`
            : "Restored the shared model and budget.",
      };
    }
    case "share-failed":
      return { ...state, problem: { title: "Could not open the share link", error: action.error }, notice: undefined };
    case "dismiss":
      return { ...state, problem: undefined, notice: undefined, importWarnings: undefined };
  }
}

function imported(state: AdvisorState, action: Omit<Extract<AdvisorAction, { type: "imported" }>, "type">): AdvisorState {
  const { outcome, name, importKey } = action;
  let nextId = state.nextId;
  const newStudies: LoadedStudy[] = outcome.studies.map((study, index) => {
    const s: LoadedStudy = { key: `study:${nextId++}`, origin: "import", importKey, index, label: studyLabel(name, study, outcome.studies.length, index), study, choices: action.choices };
    if (outcome.choice) s.choice = outcome.choice;
    return s;
  });
  const studies = [...state.studies, ...newStudies];
  let models = state.models;
  let selected = state.selected;
  if (outcome.model) {
    const loaded: LoadedModel = { key: `import:${nextId++}`, origin: "import", fileName: name, model: outcome.model, observations: [] };
    if (newStudies.length === 1) {
      loaded.studyKey = newStudies[0]!.key;
      loaded.observations = newStudies[0]!.study.observations;
    }
    models = [...models, loaded];
    selected = loaded.key;
  }
  const next = newStudies.length > 0 && !outcome.model ? " Fitting it now with the default settings (the same as qqt fit's); the answer follows." : "";
  return {
    ...state,
    studies,
    models,
    selected,
    fitStudy: newStudies[0]?.key ?? state.fitStudy,
    nextId,
    problem: undefined,
    notice: `Imported ${outcome.summaryText}${next}`,
    importWarnings: warningsOf(name, outcome),
  };
}

/** The warnings of a read, as a list of located problems (undefined when there are none). */
function warningsOf(name: string, outcome: Extract<ReadOutcome, { ok: true }>): AdvisorError | undefined {
  const n = outcome.warnings.length;
  if (n === 0) return undefined;
  return new AdvisorError("INVALID_INPUT", `${name} was read with ${n} warning${n === 1 ? "" : "s"}.`, outcome.warnings.map(problemFromIssue));
}

function formatRmse(rmse: number | undefined): string {
  return rmse === undefined ? "n/a" : rmse.toPrecision(3);
}

/**
 * How a study is listed: its name, and the import it came from when that import held several studies.
 *
 * @example
 * ```ts
 * studyLabel("runs.csv", { name: "My runs", … }, 1); // "My runs (runs.csv)"
 * studyLabel("runs.csv", { name: "runs", … }, 1);    // "runs.csv"
 * ```
 */
export function studyLabel(name: string, study: Study, studiesInImport: number, index = 0): string {
  if (study.name === undefined || study.name === "") return studiesInImport > 1 ? `${name} #${index + 1}` : name;
  // A tidy CSV's study is named after its file: "runs" for runs.csv.
  const stem = name.replace(/\/$/, "").replace(/\.[^./]+$/, "");
  return study.name === name || study.name === stem ? name : `${study.name} (${name})`;
}

/**
 * The selected model (always present: the selection only ever names a loaded model).
 *
 * @example
 * ```ts
 * selectedModel(initialState(catalog, tmars, 640e6)).exampleId; // "tmars-paper"
 * ```
 */
export function selectedModel(state: AdvisorState): LoadedModel {
  return state.models.find((m) => m.key === state.selected) ?? state.models[0]!;
}

/**
 * The study of the selected model, if it has one (for the study JSON export).
 *
 * @example
 * ```ts
 * studyOf(state, selectedModel(state))?.study.observations.length; // 32
 * ```
 */
export function studyOf(state: AdvisorState, model: LoadedModel): LoadedStudy | undefined {
  return model.studyKey === undefined ? undefined : state.studies.find((s) => s.key === model.studyKey);
}

/**
 * The share state of the current view: an example by id (a built-in model, or an example study fitted with its
 * default settings: the fit is deterministic), otherwise the model itself.
 *
 * @example
 * ```ts
 * shareStateOf(state); // { source: { kind: "example", id: "tmars-paper" }, budget: 640e6 }
 * ```
 */
export function shareStateOf(state: AdvisorState): ShareState {
  const loaded = selectedModel(state);
  return {
    source: loaded.exampleId !== undefined ? { kind: "example", id: loaded.exampleId } : { kind: "inline", model: loaded.model },
    budget: state.budget,
  };
}
