import { defineConfig } from 'drizzle-kit';

// Migrations are generated once and committed; the same SQL runs on PGlite and Postgres.
export default defineConfig({
  dialect: 'postgresql',
  schema: './src/db/schema.ts',
  out: './drizzle',
});
