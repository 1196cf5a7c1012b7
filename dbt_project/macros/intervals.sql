{#- Do two figure intervals share at least one value? Open ends (more than, nearly) do not touch. -#}
{% macro intervals_overlap(a, b) -%}
(
    {{ a }}.value_low <= {{ b }}.value_high
    and {{ b }}.value_low <= {{ a }}.value_high
    and not ({{ a }}.value_low = {{ b }}.value_high and ({{ a }}.low_open or {{ b }}.high_open))
    and not ({{ b }}.value_low = {{ a }}.value_high and ({{ b }}.low_open or {{ a }}.high_open))
)
{%- endmacro %}
