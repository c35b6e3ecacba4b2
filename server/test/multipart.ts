/** A multipart/form-data body, built the way a browser builds it, for `app.inject`. */
export const form = async (fields: Record<string, string>, file?: { name: string; bytes: Buffer }) => {
  const f = new FormData();
  for (const [k, v] of Object.entries(fields)) f.append(k, v);
  if (file) f.append('file', new Blob([new Uint8Array(file.bytes)]), file.name);
  const r = new Response(f);
  return {
    payload: Buffer.from(await r.arrayBuffer()),
    contentType: r.headers.get('content-type') ?? '',
  };
};
