-- Judicial outcomes by year and institution: what courts, procuratorates and public security
-- reported, year by year.
--
-- One row per institution, measure and year: the stated level (the narrowest statement when
-- the same level was stated more than once) and the year-on-year change stated for that year.
-- Either can be missing: "compensation awarded increased by 79.3%" states a change whose
-- level was never given.
with levels as (
    select *
    from marts.fct_judicial_outcomes
    where figure_kind = 'level'
    qualify row_number() over (
        partition by institution, measure, period_year, unit_kind
        order by value_high - value_low, figure_id
    ) = 1
),

changes as (
    select *
    from marts.fct_judicial_outcomes
    where figure_kind = 'change'
    qualify row_number() over (
        partition by institution, measure, period_year
        order by value_high - value_low, figure_id
    ) = 1
)

select
    coalesce(l.institution, c.institution) as institution,
    i.institution_name,
    coalesce(l.measure, c.measure) as measure,
    m.measure_description,
    coalesce(l.period_year, c.period_year) as period_year,
    l.as_written as level_as_written,
    l.value as level_value,
    l.value_low as level_low,
    l.value_high as level_high,
    l.unit as level_unit,
    c.as_written as change_as_written,
    case when c.change_direction = 'decrease' then -c.value else c.value end as change_percent,
    coalesce(l.speaker_name, c.speaker_name) as speaker_name,
    coalesce(l.source_url, c.source_url) as source_url,
    coalesce(l.quote, c.quote) as quote
from levels as l
full outer join changes as c
    on l.institution = c.institution
    and l.measure = c.measure
    and l.period_year = c.period_year
left join marts.dim_institution as i
    on i.institution = coalesce(l.institution, c.institution)
left join marts.dim_measure as m
    on m.measure = coalesce(l.measure, c.measure)
order by institution, measure, period_year;
