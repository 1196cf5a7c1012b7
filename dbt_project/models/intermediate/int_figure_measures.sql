-- Which measure a figure reports, by the first matching rule of the measure_rules seed.
-- A change figure reports a change of the level it refers to, so it takes that level's measure.
--
-- DuckDB compiles a regular expression taken from a column once per row, and figures x rules
-- is millions of rows, so the rules are matched where there are few rows to match:
--   * the unit kind, unit and verb patterns once per distinct (unit kind, unit, verb) triple
--     (a few hundred of them, however many figures there are), joined back on equality;
--   * the context pattern, which looks at the whole sentence, only for the figures whose
--     triple a rule with a context pattern accepts, with each seed pattern as a literal
--     (macros/seed_patterns.sql).
-- A unit pattern looks at what is counted: the unit before the words that say which of them
-- ("cases involving foreign websites" are cases, "requests for detention" requests).
{%- set context_patterns = seed_column_values(ref('measure_rules'), 'context_pattern') %}

with figures as (
    select * from {{ ref('int_quoted_figures') }}
),

rules as (
    select * from {{ ref('measure_rules') }}
),

mappable_figures as (
    select
        figure_id,
        unit_kind,
        lower(unit) as unit_lower,
        lower(coalesce(verb, '')) as verb_lower,
        quote
    from figures
    where figure_kind <> 'enumeration_count'
),

figure_terms as (
    select distinct unit_kind, unit_lower, verb_lower
    from mappable_figures
),

term_rules as (
    select
        figure_terms.unit_kind,
        figure_terms.unit_lower,
        figure_terms.verb_lower,
        rules.rule_id,
        rules.priority,
        rules.measure,
        rules.context_pattern
    from figure_terms
    inner join rules
        on regexp_matches(figure_terms.unit_kind, rules.unit_kind_pattern)
        and (
            rules.unit_pattern is null
            or regexp_matches({{ counted_noun('figure_terms.unit_lower') }}, rules.unit_pattern)
        )
        and (rules.verb_pattern is null or regexp_matches(figure_terms.verb_lower, rules.verb_pattern))
),

rule_matches as (
    select
        mappable_figures.figure_id,
        term_rules.measure,
        term_rules.rule_id,
        row_number() over (
            partition by mappable_figures.figure_id order by term_rules.priority, term_rules.rule_id
        ) as match_rank
    from mappable_figures
    inner join term_rules
        on mappable_figures.unit_kind = term_rules.unit_kind
        -- A figure without a unit still matches the rules without a unit pattern.
        and mappable_figures.unit_lower is not distinct from term_rules.unit_lower
        and mappable_figures.verb_lower = term_rules.verb_lower
    where term_rules.context_pattern is null
        or {{ regexp_matches_seed_pattern('lower(mappable_figures.quote)', 'term_rules.context_pattern', context_patterns) }}
),

own_measure as (
    select figure_id, measure, rule_id
    from rule_matches
    where match_rank = 1
)

select
    figures.figure_id,
    case
        when figures.figure_kind = 'change' and level_measure.measure is not null
            then level_measure.measure
        else own_measure.measure
    end as measure,
    case
        when figures.figure_kind = 'change' and level_measure.measure is not null
            then 'level:' || level_measure.rule_id
        else own_measure.rule_id
    end as measure_rule_id
from figures
left join own_measure
    on figures.figure_id = own_measure.figure_id
left join own_measure as level_measure
    on figures.refers_to_figure_id = level_measure.figure_id
