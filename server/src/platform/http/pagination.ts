import { z } from 'zod';

/** `?page&limit` as ARCHITECTURE.md §7 sets it: pages from 1, at most 100 rows. */
export const PageQuery = z.object({
  page: z.coerce.number().int().min(1).default(1),
  limit: z.coerce.number().int().min(1).max(100).default(20),
});
export type PageQuery = z.infer<typeof PageQuery>;

export const Pagination = z.object({
  page: z.number().int(),
  limit: z.number().int(),
  total: z.number().int(),
  total_pages: z.number().int(),
});

/** The `{ data, pagination }` envelope for a list of `item`. */
export const paged = <T extends z.ZodType>(item: T) =>
  z.object({ data: z.array(item), pagination: Pagination });

export const pageOf = <T>(rows: T[], total: number, q: PageQuery) => ({
  data: rows,
  pagination: { page: q.page, limit: q.limit, total, total_pages: Math.ceil(total / q.limit) },
});

export const offsetOf = (q: PageQuery) => (q.page - 1) * q.limit;
