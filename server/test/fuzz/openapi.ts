/** The part of an OpenAPI 3.1 document the fuzzer reads: operations and their JSON Schemas. */
export type Schema = {
  $ref?: string;
  type?: string | string[];
  format?: string;
  enum?: unknown[];
  const?: unknown;
  properties?: Record<string, Schema>;
  required?: string[];
  additionalProperties?: boolean | Schema;
  items?: Schema;
  prefixItems?: Schema[];
  anyOf?: Schema[];
  oneOf?: Schema[];
  allOf?: Schema[];
  minLength?: number;
  maxLength?: number;
  minimum?: number;
  maximum?: number;
  exclusiveMinimum?: number;
  exclusiveMaximum?: number;
  minItems?: number;
  maxItems?: number;
  pattern?: string;
  default?: unknown;
};

export type Param = { name: string; in: 'path' | 'query' | 'header'; required: boolean; schema: Schema };

export type Operation = {
  method: string;
  /** OpenAPI form, `/api/v1/products/{id}`. */
  path: string;
  tag: string;
  params: Param[];
  body?: { contentType: string; schema: Schema; required: boolean };
  anonymous: boolean;
};

type Document = {
  paths: Record<string, Record<string, RawOperation>>;
  components?: { schemas?: Record<string, Schema> };
};
type RawOperation = {
  tags?: string[];
  security?: unknown[];
  parameters?: { name: string; in: string; required?: boolean; schema?: Schema }[];
  requestBody?: { required?: boolean; content?: Record<string, { schema?: Schema }> };
};

const METHODS = ['get', 'post', 'put', 'patch', 'delete'];

export const operationsOf = (doc: unknown): Operation[] => {
  const d = doc as Document;
  const ops: Operation[] = [];
  for (const [path, item] of Object.entries(d.paths)) {
    for (const [method, op] of Object.entries(item)) {
      if (!METHODS.includes(method)) continue;
      const content = Object.entries(op.requestBody?.content ?? {})[0];
      ops.push({
        method: method.toUpperCase(),
        path,
        tag: op.tags?.[0] ?? 'untagged',
        params: (op.parameters ?? [])
          .filter((p) => p.in === 'path' || p.in === 'query' || p.in === 'header')
          .map((p) => ({
            name: p.name,
            in: p.in as Param['in'],
            required: p.required === true,
            schema: p.schema ?? {},
          })),
        ...(content
          ? {
              body: {
                contentType: content[0],
                schema: content[1].schema ?? {},
                required: op.requestBody?.required === true,
              },
            }
          : {}),
        anonymous: Array.isArray(op.security) && op.security.length === 0,
      });
    }
  }
  return ops;
};

/** Follows `$ref`s into `components.schemas` and flattens `allOf` into one object schema. */
export const resolver = (doc: unknown) => {
  const schemas = (doc as Document).components?.schemas ?? {};
  const resolve = (s: Schema, depth = 0): Schema => {
    if (depth > 20) return {};
    if (s.$ref) {
      const name = s.$ref.split('/').pop() ?? '';
      return resolve(schemas[name] ?? {}, depth + 1);
    }
    if (s.allOf?.length) {
      const parts = s.allOf.map((p) => resolve(p, depth + 1));
      return {
        ...s,
        allOf: undefined,
        type: 'object',
        properties: Object.assign({}, ...parts.map((p) => p.properties ?? {})),
        required: parts.flatMap((p) => p.required ?? []),
      };
    }
    return s;
  };
  return resolve;
};

export const typesOf = (s: Schema): string[] =>
  s.type === undefined ? [] : Array.isArray(s.type) ? s.type : [s.type];
