// Prisma 7 reads no .env: the URL comes from the environment. Only `prisma generate` uses this file
// here; migrations run through scripts/db (Prisma's schema engine as WebAssembly, see TOOLCHAIN.md).
import { defineConfig } from "prisma/config";

export default defineConfig({
  schema: "prisma/schema.prisma",
  migrations: { path: "prisma/migrations" },
  datasource: { url: process.env.DATABASE_URL ?? "postgresql://postgres@127.0.0.1:5432/postgres" },
});
