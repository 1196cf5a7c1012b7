{#- R5: a figure's value lies inside its own interval, and the interval is not inverted. -#}
{% test r5_interval_contains_value(model) %}
{{ config(severity='error', store_failures=true) }}
select
    'R5 interval' as rule,
    figure_id,
    as_written,
    value_low,
    value,
    value_high,
    quote
from {{ model }}
where not (value_low <= value and value <= value_high)
{% endtest %}
