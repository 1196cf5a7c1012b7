-- Which measure a figure reports, by the first matching rule of the measure_rules seed.
-- A change figure reports a change of the level it refers to, so it takes that level's measure.
with figures as (
    select * from {{ ref('int_quoted_figures') }}
),

rules as (
    select * from {{ ref('measure_rules') }}
),

rule_matches as (
    select
        figures.figure_id,
        rules.measure,
        rules.rule_id,
        row_number() over (
            partition by figures.figure_id order by rules.priority, rules.rule_id
        ) as match_rank
    from figures
    inner join rules
        on regexp_matches(figures.unit_kind, rules.unit_kind_pattern)
        and (rules.unit_pattern is null or regexp_matches(lower(figures.unit), rules.unit_pattern))
        and (rules.verb_pattern is null or regexp_matches(lower(coalesce(figures.verb, '')), rules.verb_pattern))
        and (rules.context_pattern is null or regexp_matches(lower(figures.quote), rules.context_pattern))
    where figures.figure_kind <> 'enumeration_count'
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
