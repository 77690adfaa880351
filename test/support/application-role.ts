/**
 * Scratch PostgreSQL databases as in a deployment: owned by, and used as, a role that is neither
 * superuser nor BYPASSRLS, so that row-level security binds it (a superuser passes through every
 * policy unseen). Used by the tests and the benchmark; the admin connection (`postgres`) only creates
 * the role and the database.
 */
import pg from 'pg';

/** Creates database `name` owned by `role` (made on first use, login with its name as password); returns its URL as that role. */
export async function createDatabaseOwnedByRole(
  adminUrl: string,
  name: string,
  role: string,
): Promise<string> {
  if (!/^[a-z_][a-z0-9_]*$/.test(name) || !/^[a-z_][a-z0-9_]*$/.test(role)) {
    throw new Error(`createDatabaseOwnedByRole: not plain names: ${name}, ${role}`);
  }
  const admin = new pg.Client({ connectionString: adminUrl });
  await admin.connect();
  try {
    await admin.query(`do $$ begin
        create role ${role} login nosuperuser nobypassrls password '${role}';
      exception when duplicate_object or unique_violation then null; -- made already, or by a parallel process
      end $$`);
    await admin.query(`create database ${name} owner ${role}`);
  } finally {
    await admin.end();
  }
  const url = new URL(adminUrl);
  url.pathname = `/${name}`;
  url.username = role;
  url.password = role;
  return url.toString();
}
