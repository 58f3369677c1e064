import { defineConfig } from 'drizzle-kit';

// Migrations are generated offline from the table definitions and applied by the service at start.
export default defineConfig({
  dialect: 'sqlite',
  schema: './src/storage/sqlite/schema.ts',
  out: './db/migrations',
});
