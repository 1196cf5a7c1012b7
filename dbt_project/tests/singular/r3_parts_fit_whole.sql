-- R3: where a whole and its parts are stated, the parts' summed interval does not exceed the
-- whole, and no part exceeds the whole.
{{ config(severity='error', store_failures=true, meta={'dagster': {'ref': {'name': 'fct_figures'}}}) }}
select
    'R3 parts and whole' as rule,
    checks.whole_figure_id,
    checks.whole_as_written,
    checks.parts_as_written,
    checks.parts_low_sum,
    checks.whole_high,
    wholes.speaker_name,
    wholes.source_url,
    wholes.quote
from {{ ref('int_part_checks') }} as checks
inner join {{ ref('fct_figures') }} as wholes
    on checks.whole_figure_id = wholes.figure_id
where not checks.parts_fit_whole
