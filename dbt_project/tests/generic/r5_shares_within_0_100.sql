{#- R5: a share stated as a level in percent lies within 0-100 (changes may exceed 100%). -#}
{% test r5_shares_within_0_100(model) %}
{{ config(severity='error', store_failures=true) }}
select
    'R5 share' as rule,
    figure_id,
    as_written,
    value,
    quote
from {{ model }}
where unit_kind = 'percent' and figure_kind = 'level' and (value < 0 or value > 100)
{% endtest %}
