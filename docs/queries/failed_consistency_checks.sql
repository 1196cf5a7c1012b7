-- Failed consistency checks: every data test of the published build that did not pass, with
-- its failing rows (the sentences that disagree) as JSON.
--
-- A published warehouse never has a failing blocking test (publishing stops first), so what
-- shows here are warnings, such as R6 coverage listing figures that map to no measure. A run
-- that was NOT published keeps its failing rows in its own build folder
-- (warehouse/.runs/<run id>/build.duckdb, same audit schema); the run report names it.
--
-- The audit schema has one table per consistency test, named as the test. When a test is
-- added to the dbt project, add its table below (tests/test_bi.py checks that none is missing).
with audit_rows as (
    select 'r1_enumeration_count_matches_fct_enumerations_' as test_name, to_json(a) as failing_row
    from audit.r1_enumeration_count_matches_fct_enumerations_ as a
    union all
    select 'r2_restatements_agree', to_json(a) from audit.r2_restatements_agree as a
    union all
    select 'r3_parts_fit_whole', to_json(a) from audit.r3_parts_fit_whole as a
    union all
    select 'r4_changes_match_levels', to_json(a) from audit.r4_changes_match_levels as a
    union all
    select 'r5_counts_whole_non_negative_fct_figures_', to_json(a)
    from audit.r5_counts_whole_non_negative_fct_figures_ as a
    union all
    select 'r5_interval_contains_value_fct_figures_', to_json(a)
    from audit.r5_interval_contains_value_fct_figures_ as a
    union all
    select 'r5_shares_within_0_100_fct_figures_', to_json(a)
    from audit.r5_shares_within_0_100_fct_figures_ as a
    union all
    select 'r6_coverage', to_json(a) from audit.r6_coverage as a
    union all
    select 'skipped_numbers_are_not_figures', to_json(a)
    from audit.skipped_numbers_are_not_figures as a
)

select
    t.test_name,
    t.status,
    t.severity,
    t.failures,
    t.message,
    r.failing_row
from meta.test_results as t
left join audit_rows as r using (test_name)
where t.status <> 'pass'
order by t.status = 'warn', t.test_name, r.failing_row::varchar;
