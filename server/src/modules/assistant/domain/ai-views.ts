/** One column of a curated view the assistant may read; `sensitive` ones need an explicit grant to be read. */
export type AiViewColumn = { name: string; type: string; description: string; sensitive?: boolean };

/** A curated, tenant-scoped view the assistant's SQL may name; `permission` is the one its rows need. */
export type AiView = {
  name: string;
  description: string;
  permission: string;
  columns: readonly AiViewColumn[];
};
