{#- Regular expressions kept in a seed column reach DuckDB as a column, and DuckDB compiles a
    pattern that is not a constant once per row: at 400,000 figures that costs more than the
    rest of the build. These two macros let a model match against a seed's patterns with each
    pattern written as a literal, which DuckDB compiles once.

    The seed stays the only place the rules live. The literals are read from the built seed
    table when the model runs, and every pattern the macro did not see (a seed not built yet
    when dbt compiles or generates docs, a unit test's mocked rows) falls through to the
    per-row form. So what the macro saw only decides how fast a model runs, never its result. -#}


{#- The distinct non-null values of one column of a seed, read from the database when the model
    runs; an empty list while dbt parses, when the seed table does not exist yet, and in a unit
    test. -#}
{% macro seed_column_values(seed_relation, column) %}
    {#- A unit test hands the model its mocked rows as a CTE, not as a table in a schema. -#}
    {%- if not execute or seed_relation.schema is none -%}
        {{ return([]) }}
    {%- endif -%}
    {%- set relation = adapter.get_relation(
        database=seed_relation.database,
        schema=seed_relation.schema,
        identifier=seed_relation.identifier) -%}
    {%- if relation is none -%}
        {{ return([]) }}
    {%- endif -%}
    {%- set values = run_query(
        'select distinct ' ~ adapter.quote(column) ~ ' from ' ~ relation
        ~ ' where ' ~ adapter.quote(column) ~ ' is not null order by 1') -%}
    {{ return(values.columns[0].values() | map('string') | list) }}
{% endmacro %}


{#- regexp_matches(text, pattern_column), with one branch per known pattern in which the pattern
    is a literal; a pattern not in known_patterns (and a null one) takes the per-row form, so
    the result is the same as the plain call's for every row. -#}
{% macro regexp_matches_seed_pattern(text, pattern_column, known_patterns) -%}
    {%- if known_patterns | length == 0 -%}
        regexp_matches({{ text }}, {{ pattern_column }})
    {%- else -%}
        case {{ pattern_column }}
        {%- for pattern in known_patterns %}
            {%- set literal = "'" ~ (pattern | replace("'", "''")) ~ "'" %}
            when {{ literal }} then regexp_matches({{ text }}, {{ literal }})
        {%- endfor %}
            else regexp_matches({{ text }}, {{ pattern_column }})
        end
    {%- endif -%}
{%- endmacro %}
