{#
    A unit that says which of the things it counts: "cases involving foreign parties",
    "requests for detention", "people for infringing trade secrets". The words are the
    extractor's (briefings.extract.figures._QUALIFYING); tests/test_extract.py compares them.
#}
{% macro qualifier_words() -%}
    involving|for
{%- endmacro %}

{# Does `unit` say which things it counts? #}
{% macro is_qualified_unit(unit) -%}
    regexp_matches({{ unit }}, ' ({{ qualifier_words() }}) ')
{%- endmacro %}

{# The things a unit counts, without the words that say which: "cases involving X" -> "cases". #}
{% macro counted_noun(unit) -%}
    regexp_replace({{ unit }}, ' ({{ qualifier_words() }}) .*$', '')
{%- endmacro %}
