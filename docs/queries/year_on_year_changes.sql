-- Year-on-year changes with their levels: every stated change ("a year-on-year increase of
-- 11.7%"), the level it refers to (466,000 in 2020), the level stated for the year before
-- where there is one, and the change those two levels imply.
--
-- implied_change_low/high use the levels' intervals, so a rounded level never makes a true
-- statement look wrong; consistency rule R4 fails the build when the stated change lies
-- outside them. Scope is the campaigns or institutions the figure belongs to.
with changes as (
    select * from marts.fct_figures where figure_kind = 'change'
),

levels as (
    select * from marts.fct_figures where figure_kind = 'level'
),

previous as (
    -- The narrowest statement of each scope's level in each year.
    select *
    from levels
    qualify row_number() over (
        partition by measure, campaigns, institutions, unit_kind, period_year
        order by value_high - value_low, figure_id
    ) = 1
)

select
    c.measure,
    m.measure_description,
    c.campaigns,
    c.institutions,
    c.period_year,
    c.as_written as change_as_written,
    c.change_direction,
    case when c.change_direction = 'decrease' then -c.value else c.value end as change_percent,
    l.as_written as level_as_written,
    l.value as level_value,
    p.period_year as previous_year,
    p.as_written as previous_level_as_written,
    p.value as previous_level_value,
    round((l.value / nullif(p.value, 0) - 1) * 100, 1) as implied_change_percent,
    round((l.value_low / nullif(p.value_high, 0) - 1) * 100, 1) as implied_change_low,
    round((l.value_high / nullif(p.value_low, 0) - 1) * 100, 1) as implied_change_high,
    c.speaker_name,
    c.source_url,
    c.quote
from changes as c
left join levels as l on l.figure_id = c.refers_to_figure_id
left join previous as p
    on p.measure = l.measure
    and p.campaigns = l.campaigns
    and p.institutions = l.institutions
    and p.unit_kind = l.unit_kind
    and p.period_year = l.period_year - 1
left join marts.dim_measure as m on m.measure = c.measure
order by c.measure, c.period_year, c.figure_id;
