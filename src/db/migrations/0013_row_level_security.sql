-- Row-level security: a second wall between companies behind the queries' own tenant filters.
-- Every table with a tenant_id shows and accepts only the rows of the tenant named in the session
-- setting mahnwerk.tenant_id, which the application puts on each connection (src/db/database.ts:
-- a tenant id for one company's work, "all" for the system paths such as login and the scheduler).
-- Without the setting no row is visible: fail closed. FORCE makes it bind the tables' owner too, so a
-- deployment that runs migrations and the application as one role is covered; a superuser or a role
-- with BYPASSRLS is not bound (the application warns at start). A table added later must get the
-- same policy: test/security/row-level-security.test.ts checks the catalogue.
do $$
declare
  t record;
begin
  for t in
    select c.table_name
      from information_schema.columns c
      join information_schema.tables tb
        on tb.table_schema = c.table_schema and tb.table_name = c.table_name and tb.table_type = 'BASE TABLE'
     where c.table_schema = current_schema() and c.column_name = 'tenant_id'
  loop
    execute format('alter table %I enable row level security', t.table_name);
    execute format('alter table %I force row level security', t.table_name);
    execute format('drop policy if exists tenant_isolation on %I', t.table_name);
    -- Each setting is read in a sub-select: PostgreSQL evaluates it once per query (an InitPlan), not
    -- once per row, and the tenant comparison can still serve as an index condition.
    execute format(
      'create policy tenant_isolation on %I
         using ((select current_setting(''mahnwerk.tenant_id'', true) = ''all'')
                or tenant_id = (select case when current_setting(''mahnwerk.tenant_id'', true) ~ ''^[0-9]{1,18}$''
                                            then current_setting(''mahnwerk.tenant_id'', true)::bigint end))
         with check ((select current_setting(''mahnwerk.tenant_id'', true) = ''all'')
                or tenant_id = (select case when current_setting(''mahnwerk.tenant_id'', true) ~ ''^[0-9]{1,18}$''
                                            then current_setting(''mahnwerk.tenant_id'', true)::bigint end))',
      t.table_name);
  end loop;
end
$$;
