/**
 * What the assistant's SQL may call and cast to. Allow-lists, not deny-lists: PostgreSQL has
 * thousands of functions and each release adds more, so anything not named here is refused.
 */

/** Whitespace-separated names, so the lists read as prose rather than one name a line. */
const words = (text: string): ReadonlySet<string> => new Set(text.trim().split(/\s+/));

/**
 * Aggregates, window functions, arithmetic, text and dates: pure, bounded, and unable to reach
 * the server. `format` stays out: its %I and %L build identifiers and literals, a step towards
 * dynamic SQL. `timezone` and `similar_to_escape` are what the grammar writes for
 * `x AT TIME ZONE z` and `x SIMILAR TO p`.
 */
export const ALLOWED_FUNCTIONS = words(`
  count sum avg min max stddev stddev_pop stddev_samp variance var_pop var_samp string_agg array_agg
  bool_and bool_or every percentile_cont percentile_disc mode corr covar_pop regr_slope
  row_number rank dense_rank percent_rank cume_dist ntile lag lead first_value last_value nth_value
  abs round ceil ceiling floor trunc sign sqrt power exp ln log mod div
  lower upper initcap length char_length trim btrim ltrim rtrim substr substring left right concat
  concat_ws replace split_part position strpos lpad rpad
  now date_trunc date_part extract age to_char to_date make_date make_interval date_bin justify_days
  timezone similar_to_escape
`);

/**
 * Plain scalar types, by the names the parser reports: it rewrites `int`, `integer`, `real`,
 * `double precision`, `char` and `time with time zone` to `pg_catalog.int4`, `float4`, `float8`,
 * `bpchar` and `timetz`, but leaves `date`, `text`, `uuid`, `bool` and `timestamptz` bare.
 * Object-identifier types (`regclass`, `oid`) would turn a string into a catalogue lookup.
 */
export const ALLOWED_TYPES = words(`
  int int2 int4 int8 integer smallint bigint numeric decimal real float4 float8
  text varchar char bpchar date time timetz timestamp timestamptz interval boolean bool uuid
`);

/** `current_date` and its kin parse to SQLValueFunction; `current_user` and the like describe the server. */
export const CLOCK_FUNCTIONS = words(`
  SVFOP_CURRENT_DATE SVFOP_CURRENT_TIME SVFOP_CURRENT_TIME_N SVFOP_CURRENT_TIMESTAMP
  SVFOP_CURRENT_TIMESTAMP_N SVFOP_LOCALTIME SVFOP_LOCALTIME_N SVFOP_LOCALTIMESTAMP SVFOP_LOCALTIMESTAMP_N
`);

/**
 * Parse-tree nodes of plain expressions with nothing to check beyond their children. A node kind
 * missing here and from the walker's own cases (XML, SQL/JSON, whatever a new release adds) is refused.
 */
export const PLAIN_NODES = words(`
  ResTarget A_Star A_Const String Integer Float Boolean BitString List BoolExpr NullTest BooleanTest
  CaseExpr CaseWhen CoalesceExpr MinMaxExpr TypeCast CollateClause NamedArgExpr A_ArrayExpr
  A_Indirection A_Indices RowExpr GroupingSet GroupingFunc SortBy WindowDef RangeSubselect
`);

/** Statements a WITH may hold that write rather than read. */
export const WRITING_STATEMENTS = words('InsertStmt UpdateStmt DeleteStmt MergeStmt');
