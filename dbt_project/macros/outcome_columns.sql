{#- The figure columns both outcome facts carry after their own grain columns, so the two
    tables keep one shape and one meaning per column. -#}
{% macro outcome_columns(figures) -%}
    {%- set columns = [
        'figure_id', 'briefing_id', 'measure', 'figure_kind', 'as_written', 'value',
        'value_low', 'value_high', 'low_open', 'high_open', 'qualifier', 'unit', 'unit_kind',
        'currency', 'change_direction', 'refers_to_figure_id', 'period_year', 'period_source',
        'speaker_name', 'source_url', 'page_no', 'char_start', 'char_end', 'quote'] -%}
    {%- for column in columns %}
    {{ figures }}.{{ column }}{{ "," if not loop.last }}
    {%- endfor %}
{%- endmacro %}
