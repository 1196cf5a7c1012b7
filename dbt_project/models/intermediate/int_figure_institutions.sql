-- Institutions a figure belongs to: named in its sentence, else implied by its measure.
-- Each institution's pattern is written into the query as a literal (macros/seed_patterns.sql):
-- DuckDB would otherwise compile it again for every figure.
{%- set institution_patterns = seed_column_values(ref('institutions'), 'pattern') %}

with figures as (
    select
        figure_id,
        lower(quote) as quote_lower
    from {{ ref('int_quoted_figures') }}
),

institutions as (
    select * from {{ ref('institutions') }}
),

measures as (
    select * from {{ ref('measures') }}
),

named_in_sentence as (
    select
        figures.figure_id,
        institutions.institution,
        'sentence' as institution_source
    from figures
    inner join institutions
        on {{ regexp_matches_seed_pattern('figures.quote_lower', 'institutions.pattern', institution_patterns) }}
),

implied_by_measure as (
    select
        figure_measures.figure_id,
        measures.default_institution as institution,
        'measure' as institution_source
    from {{ ref('int_figure_measures') }} as figure_measures
    inner join measures
        on figure_measures.measure = measures.measure
    where measures.default_institution is not null
        and figure_measures.figure_id not in (select figure_id from named_in_sentence)
)

select * from named_in_sentence
union all
select * from implied_by_measure
