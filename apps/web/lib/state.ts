import type { AdvisorError } from "./AdvisorError";
import { parseBudget } from "./budget";
import type { Example } from "./examples";
import { formatSamples } from "./format";
import type { ModelFileV1 } from "./modelFile";
import type { Observation } from "./observations";
import type { ShareState } from "./share";

// The advisor's state and its transitions, as a pure reducer (React's useReducer runs it).

/**
 * A model the user can pick: a built-in example, an imported file or one restored from a share link.
 *
 * @example
 * ```ts
 * // { key: "import:1", origin: "import", fileName: "fit.json", model: {...}, observations: [] }
 * ```
 */
export interface LoadedModel {
  /** Unique within the session. */
  key: string;
  origin: "example" | "import" | "share";
  /** The example's id, for share links (origin "example"). */
  exampleId?: string;
  /** The file it was imported from (origin "import"). */
  fileName?: string;
  model: ModelFileV1;
  observations: Observation[];
}

/**
 * Everything the advisor shows is derived from this state.
 *
 * @example
 * ```ts
 * // { models: [...], selected: "example:tmars-imagenet", budget: 6.4e8, budgetText: "640M", ... }
 * ```
 */
export interface AdvisorState {
  models: LoadedModel[];
  selected: string;
  /** The budget in force (samples seen); only ever set from valid input. */
  budget: number;
  /** What the budget box shows (may be invalid while the user types). */
  budgetText: string;
  /** Why `budgetText` is not used, when it is invalid. */
  budgetError: AdvisorError | undefined;
  /** The last failed import or share link, shown until dismissed or replaced. */
  problem: { title: string; error: AdvisorError } | undefined;
  /** A short confirmation, e.g. "Imported fit.json". */
  notice: string | undefined;
  /** Counter for unique keys. */
  nextId: number;
}

/** The transitions of {@link advisorReducer}. */
export type AdvisorAction =
  | { type: "select"; key: string }
  | { type: "budget-text"; text: string }
  | { type: "budget-value"; samples: number }
  | { type: "imported"; fileName: string; model: ModelFileV1; observations?: Observation[] }
  | { type: "import-failed"; fileName: string; error: AdvisorError }
  | { type: "share-restored"; state: ShareState }
  | { type: "share-failed"; error: AdvisorError }
  | { type: "dismiss" };

/**
 * The state on first load: every example loaded, the default one selected, the default budget.
 *
 * @example
 * ```ts
 * initialState(EXAMPLES, "tmars-imagenet", 640e6).budgetText; // "640M"
 * ```
 */
export function initialState(examples: readonly Example[], defaultId: string, budget: number): AdvisorState {
  const models = examples.map(
    (e): LoadedModel => ({ key: exampleKey(e.id), origin: "example", exampleId: e.id, model: e.model, observations: e.observations ?? [] }),
  );
  const selected = models.find((m) => m.exampleId === defaultId)?.key ?? models[0]!.key;
  return {
    models,
    selected,
    budget,
    budgetText: formatSamples(budget),
    budgetError: undefined,
    problem: undefined,
    notice: undefined,
    nextId: 1,
  };
}

/** The key of a built-in example. */
export function exampleKey(id: string): string {
  return `example:${id}`;
}

/**
 * The advisor's reducer. Nothing already loaded is ever lost: failed imports and share links only set `problem`.
 *
 * @example
 * ```ts
 * advisorReducer(state, { type: "budget-text", text: "1.28B" }).budget; // 1.28e9
 * advisorReducer(state, { type: "budget-text", text: "lots" }).budget;  // unchanged; budgetError set
 * ```
 */
export function advisorReducer(state: AdvisorState, action: AdvisorAction): AdvisorState {
  switch (action.type) {
    case "select":
      return state.models.some((m) => m.key === action.key) ? { ...state, selected: action.key } : state;
    case "budget-text": {
      const parsed = parseBudget(action.text);
      if (!parsed.ok) return { ...state, budgetText: action.text, budgetError: parsed.error };
      return { ...state, budgetText: action.text, budget: parsed.value.samples, budgetError: undefined };
    }
    case "budget-value":
      if (!Number.isFinite(action.samples) || action.samples <= 0) return state;
      return { ...state, budget: action.samples, budgetText: formatSamples(action.samples), budgetError: undefined };
    case "imported": {
      const key = `import:${state.nextId}`;
      const loaded: LoadedModel = {
        key,
        origin: "import",
        fileName: action.fileName,
        model: action.model,
        observations: action.observations ?? [],
      };
      return {
        ...state,
        models: [...state.models, loaded],
        selected: key,
        nextId: state.nextId + 1,
        problem: undefined,
        notice: `Imported ${action.fileName}: ${action.model.name ?? "unnamed model"}.`,
      };
    }
    case "import-failed":
      return { ...state, problem: { title: `Could not import ${action.fileName}`, error: action.error }, notice: undefined };
    case "share-restored": {
      const { source, budget } = action.state;
      const withBudget = { ...state, budget, budgetText: formatSamples(budget), budgetError: undefined, problem: undefined };
      if (source.kind === "example") {
        const key = exampleKey(source.id);
        if (!state.models.some((m) => m.key === key)) return state;
        return { ...withBudget, selected: key, notice: "Restored the shared view." };
      }
      const key = `share:${state.nextId}`;
      const loaded: LoadedModel = { key, origin: "share", model: source.model, observations: [] };
      return {
        ...withBudget,
        models: [...state.models, loaded],
        selected: key,
        nextId: state.nextId + 1,
        notice: "Restored the shared model and budget.",
      };
    }
    case "share-failed":
      return { ...state, problem: { title: "Could not open the share link", error: action.error }, notice: undefined };
    case "dismiss":
      return { ...state, problem: undefined, notice: undefined };
  }
}

/**
 * The selected model (always present: the selection only ever names a loaded model).
 *
 * @example
 * ```ts
 * selectedModel(initialState(EXAMPLES, "tmars-imagenet", 640e6)).exampleId; // "tmars-imagenet"
 * ```
 */
export function selectedModel(state: AdvisorState): LoadedModel {
  return state.models.find((m) => m.key === state.selected) ?? state.models[0]!;
}

/**
 * The share state of the current view.
 *
 * @example
 * ```ts
 * shareStateOf(state); // { source: { kind: "example", id: "tmars-imagenet" }, budget: 640e6 }
 * ```
 */
export function shareStateOf(state: AdvisorState): ShareState {
  const loaded = selectedModel(state);
  return {
    source: loaded.exampleId !== undefined ? { kind: "example", id: loaded.exampleId } : { kind: "inline", model: loaded.model },
    budget: state.budget,
  };
}
