import { defineConfig } from 'drizzle-kit';

// One ordered migration history for every module's tables (ARCHITECTURE.md §3).
export default defineConfig({
  dialect: 'postgresql',
  schema: ['./src/platform/**/*schema.ts', './src/modules/**/*schema.ts'],
  out: './migrations',
});
