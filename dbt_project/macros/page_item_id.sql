{#-
    The id of a thing a page holds: its page's id, a letter for its kind (t turn, s sentence,
    c figure by the character it starts at, e enumeration) and its position on the page. The raw
    tables hold positions, each fact once (a load that writes ids is a fifth slower): these ids
    are spelled here and nowhere else.
-#}
{% macro page_item_id(page_id, letter, position) -%}
    ({{ page_id }} || ':{{ letter }}' || cast({{ position }} as varchar))
{%- endmacro %}
