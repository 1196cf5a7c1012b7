{#- R5: counts are whole and non-negative. -#}
{% test r5_counts_whole_non_negative(model) %}
{{ config(severity='error', store_failures=true) }}
select
    'R5 count' as rule,
    figure_id,
    as_written,
    value,
    unit,
    quote
from {{ model }}
where unit_kind = 'count' and (value < 0 or value <> floor(value))
{% endtest %}
