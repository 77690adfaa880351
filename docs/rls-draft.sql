-- Row-level security as a second wall between companies (issue 9) — a DRAFT, not a migration.
--
-- Today every repository query filters by tenant_id (the first wall), and
-- test/security/tenant-isolation.test.ts proves it route by route. This draft makes PostgreSQL
-- refuse another company's rows even if a query forgot the filter. It is not applied yet: see
-- SECURITY.md ("Row-level security") for the measured cost and the code changes it needs first.
--
-- How the application would use it:
--   * Every transaction of a request starts with
--       select set_config('mahnwerk.tenant_id', '<caller tenant id>', true);   -- true: local to the transaction
--     (drizzle: in ctx.db.transaction(async (tx) => { await tx.execute(sql`select set_config(...)`); … })).
--     Without the setting the policies see NULL and return no rows: fail closed.
--   * The few paths that must cross companies — login by e-mail, session and API-token lookup by hash,
--     portal-link lookup by hash, the scheduler's loop over companies, the outbox worker's claim of due
--     deliveries of all companies, tenant creation — run as a separate role with BYPASSRLS
--     (mahnwerk_system below), never as the role that serves requests.
--   * The application must connect as a role that does NOT own the tables (owners bypass RLS unless
--     FORCE is set; FORCE is set below so that a deployment which runs migrations and the app as one
--     role is still covered).

-- The role that serves requests (no BYPASSRLS), and the role of the cross-company paths.
-- create role mahnwerk_app login;
-- create role mahnwerk_system login bypassrls;
-- grant select, insert, update, delete on all tables in schema public to mahnwerk_app, mahnwerk_system;
-- grant usage on all sequences in schema public to mahnwerk_app, mahnwerk_system;

do $$
declare
  t record;
begin
  for t in
    select c.table_name
      from information_schema.columns c
      join information_schema.tables tb
        on tb.table_schema = c.table_schema and tb.table_name = c.table_name and tb.table_type = 'BASE TABLE'
     where c.table_schema = 'public' and c.column_name = 'tenant_id'
       and c.table_name not in ('tenants')          -- the company list itself: read by login and the scheduler
  loop
    execute format('alter table %I enable row level security', t.table_name);
    execute format('alter table %I force row level security', t.table_name);
    execute format('drop policy if exists tenant_isolation on %I', t.table_name);
    execute format(
      'create policy tenant_isolation on %I
         using (tenant_id = nullif(current_setting(''mahnwerk.tenant_id'', true), '''')::bigint)
         with check (tenant_id = nullif(current_setting(''mahnwerk.tenant_id'', true), '''')::bigint)',
      t.table_name);
  end loop;
end
$$;

-- Undo (for a measurement or a rollback):
-- do $$ declare t record; begin
--   for t in select table_name from information_schema.columns
--             where table_schema = 'public' and column_name = 'tenant_id' and table_name <> 'tenants' loop
--     execute format('drop policy if exists tenant_isolation on %I', t.table_name);
--     execute format('alter table %I no force row level security', t.table_name);
--     execute format('alter table %I disable row level security', t.table_name);
--   end loop; end $$;
