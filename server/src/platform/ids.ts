const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

/** Whether `v` is written as a UUID (the shape of every id Flujo makes). */
export const isUuid = (v: string) => UUID.test(v);
