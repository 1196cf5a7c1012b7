{#- R1: a stated count ("in six areas") equals the ordinal items that follow it in the turn. -#}
{% test r1_enumeration_count_matches(model) %}
{{ config(severity='error', store_failures=true) }}
select
    'R1 enumeration' as rule,
    enumeration_id,
    stated_count,
    items_found_count,
    items_found,
    source_url,
    quote
from {{ model }}
where stated_count <> items_found_count
{% endtest %}
