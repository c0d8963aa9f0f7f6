/** Drill-down key constants shared by the server and the stats components. */

/** `jobs` drill-down key for jobs without a routed tier. */
export const NO_TIER_KEY = "(none)";
