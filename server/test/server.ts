import { buildTestApp } from './helpers.ts';

/** The full app (API + built web app) listening on a free port, for browser tests. */
export const startTestServer = async () => {
  const app = await buildTestApp();
  const address = await app.app.listen({ port: 0, host: '127.0.0.1' });
  return {
    url: address,
    close: () => app.close(),
    login: { email: app.demo.email, password: app.demo.password, tenant: app.demo.tenant },
  };
};
