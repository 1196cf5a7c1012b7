-- R2: the same measure for the same scope and year, stated more than once (another page,
-- speaker or briefing), has overlapping intervals. Rounding never fails it: intervals do.
{{ config(severity='error', store_failures=true, meta={'dagster': {'ref': {'name': 'fct_figures'}}}) }}
select
    'R2 restatement' as rule,
    figure_id_a,
    figure_id_b,
    measure,
    scope_key,
    period_year,
    as_written_a,
    as_written_b,
    quote_a,
    quote_b
from {{ ref('int_restatements') }}
where not intervals_overlap
