import { HALF_LIFE_BASE } from "@qqt/core";

/** `log(1/2)`: the log of the per-half-life decay of utility (paper Eq. 2). */
export const LOG_HALF_LIFE_BASE_VALUE = Math.log(HALF_LIFE_BASE);
