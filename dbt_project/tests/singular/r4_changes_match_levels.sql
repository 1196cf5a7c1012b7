-- R4: a stated year-on-year change agrees with the two yearly levels, where both are known.
{{ config(severity='error', store_failures=true, meta={'dagster': {'ref': {'name': 'fct_figures'}}}) }}
select
    'R4 change' as rule,
    change_figure_id,
    level_figure_id,
    previous_level_figure_id,
    measure,
    period_year,
    change_as_written,
    level_as_written,
    previous_level_as_written,
    round(implied_change_low, 2) as implied_change_low,
    round(implied_change_high, 2) as implied_change_high,
    change_quote,
    previous_level_quote
from {{ ref('int_change_checks') }}
where not change_agrees
