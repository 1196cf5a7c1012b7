-- R4: a stated year-on-year change agrees with the two yearly levels, where both are known.
{{ config(severity='error', store_failures=true, meta={'dagster': {'ref': {'name': 'fct_figures'}}}) }}
select
    'R4 change' as rule,
    checks.measure,
    checks.period_year,
    checks.change_as_written,
    checks.level_as_written,
    checks.previous_level_as_written,
    round(checks.implied_change_low, 2) as implied_change_low,
    round(checks.implied_change_high, 2) as implied_change_high,
    changes.figure_id as change_figure_id,
    changes.source_url as change_source_url,
    changes.quote as change_quote,
    previous_levels.figure_id as previous_level_figure_id,
    previous_levels.source_url as previous_level_source_url,
    previous_levels.quote as previous_level_quote
from {{ ref('int_change_checks') }} as checks
inner join {{ ref('fct_figures') }} as changes
    on checks.change_figure_id = changes.figure_id
inner join {{ ref('fct_figures') }} as previous_levels
    on checks.previous_level_figure_id = previous_levels.figure_id
where not checks.change_agrees
