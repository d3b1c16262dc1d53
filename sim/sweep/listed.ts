/** How many failing seeds a report lists per check; the rest are counted. */
export const LISTED_FAILURES = 5;
/** How many errors a report lists per variant. */
export const LISTED_ERRORS = 20;
