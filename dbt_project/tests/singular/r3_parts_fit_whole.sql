-- R3: where a whole and its parts are stated, the parts' summed interval does not exceed the
-- whole, and no part exceeds the whole.
{{ config(severity='error', store_failures=true, meta={'dagster': {'ref': {'name': 'fct_figures'}}}) }}
select
    'R3 parts and whole' as rule,
    whole_figure_id,
    whole_as_written,
    parts_as_written,
    parts_low_sum,
    whole_high,
    quote
from {{ ref('int_part_checks') }}
where not parts_fit_whole
