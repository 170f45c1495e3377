// A worker's own copy of the run's migrated test database on a server (lib/test/setup.ts).
import pg from "pg";

// The same server, another database.
export function withDatabase(url: string, database: string): string {
  const parsed = new URL(url);
  parsed.pathname = `/${database}`;
  return parsed.toString();
}

// A worker's own copy of a migrated test database (CREATE DATABASE … TEMPLATE copies it in well under
// a second, where migrating takes seconds), so that test files running at the same time in other
// workers never share one database. Dropped with the original (createTestDatabase's drop).
export async function cloneTestDatabase(templateUrl: string): Promise<string> {
  const template = decodeURIComponent(new URL(templateUrl).pathname.slice(1));
  const name = `${template}_w${process.pid}`;
  const admin = new pg.Client({ connectionString: withDatabase(templateUrl, "postgres") });
  await admin.connect();
  try {
    for (let attempt = 1; ; attempt++) {
      try {
        await admin.query(`CREATE DATABASE "${name}" TEMPLATE "${template}"`);
        break;
      } catch (error) {
        // 55006: another worker's copy is being made from the template right now; try again.
        if ((error as { code?: string }).code !== "55006" || attempt >= 20) throw error;
        await new Promise((resolve) => setTimeout(resolve, 100 * attempt));
      }
    }
  } finally {
    await admin.end();
  }
  return withDatabase(templateUrl, name);
}
