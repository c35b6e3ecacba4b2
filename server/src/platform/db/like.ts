/**
 * A user's search text as a literal LIKE/ILIKE pattern: `%`, `_` and `\` match themselves
 * (backslash is PostgreSQL's default LIKE escape), so `search=%` finds a percent sign, not every row.
 */
export const escapeLike = (term: string) => term.replace(/[\\%_]/g, '\\$&');

/** Rows containing `term` anywhere. */
export const containing = (term: string) => `%${escapeLike(term)}%`;

/** Rows starting with `term` (codes and SKUs). */
export const startingWith = (term: string) => `${escapeLike(term)}%`;
