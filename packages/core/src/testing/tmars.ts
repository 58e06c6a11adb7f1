// The paper's T-MARS ImageNet parameters (Fig. 4 legend; tau on the official grid linspace(1, 10, 100)) and the
// golden values the official code computes with them (spec §6).
import type { Bucket, Law, TaskParams } from "../types.js";

const tauGrid = (i: number) => 1 + (9 * i) / 99;
const S = 12_800_000;

export const TMARS_BUCKETS: Bucket[] = [
  { id: "top0-10", size: S, b: -0.18, tau: tauGrid(37), label: "top 0–10%" },
  { id: "top10-20", size: S, b: -0.15, tau: tauGrid(36), label: "top 10–20%" },
  { id: "top20-30", size: S, b: -0.12, tau: tauGrid(22), label: "top 20–30%" },
  { id: "top30-40", size: S, b: -0.1, tau: tauGrid(6), label: "top 30–40%" },
];
export const TMARS_TASK: TaskParams = { a: 0.022, d: 0.1 };
export const REFERENCE: Law = { formulation: "utility", variant: "reference" };

/** Rows: samples seen; columns: top 10%, 20%, 30%, 40% (nested pools). */
export const GOLDEN_NESTED: ReadonlyArray<{ samplesSeen: number; errors: readonly number[] }> = [
  { samplesSeen: 32e6, errors: [0.811987, 0.823405, 0.846215, 0.864643] },
  { samplesSeen: 64e6, errors: [0.751573, 0.742862, 0.768555, 0.793451] },
  { samplesSeen: 128e6, errors: [0.719275, 0.679157, 0.700329, 0.726265] },
  { samplesSeen: 640e6, errors: [0.707105, 0.607255, 0.599218, 0.616552] },
];

/** Single buckets at 12.8M / 25.6M / 32M / 128M / 640M samples seen. */
export const GOLDEN_SINGLE: ReadonlyArray<{ bucket: number; samplesSeen: number; error: number }> = [
  ...[
    [12.8e6, 0.929977],
    [25.6e6, 0.836075],
    [32e6, 0.811987],
    [128e6, 0.719275],
    [640e6, 0.707105],
  ].map(([samplesSeen, error]) => ({ bucket: 0, samplesSeen: samplesSeen!, error: error! })),
  ...[
    [12.8e6, 1.001647],
    [25.6e6, 0.958278],
    [32e6, 0.949598],
    [128e6, 0.928277],
    [640e6, 0.928035],
  ].map(([samplesSeen, error]) => ({ bucket: 3, samplesSeen: samplesSeen!, error: error! })),
];
