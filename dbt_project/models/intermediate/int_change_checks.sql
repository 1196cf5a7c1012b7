-- R4: a stated year-on-year change in percent, next to the change implied by the two yearly
-- levels (the level it refers to and the same measure and scope a year earlier).
with figures as (
    select * from {{ ref('int_figures') }}
),

changes as (
    select * from figures
    where figure_kind = 'change' and unit_kind = 'percent' and refers_to_figure_id is not null
),

levels as (
    select * from figures
    where figure_kind = 'level' and measure is not null and period_year is not null
),

paired as (
    select
        changes.figure_id as change_figure_id,
        current_level.figure_id as level_figure_id,
        previous_level.figure_id as previous_level_figure_id,
        current_level.measure,
        current_level.scope_key,
        current_level.period_year,
        case when changes.change_direction = 'decrease' then -changes.value_high else changes.value_low end
            as stated_change_low,
        case when changes.change_direction = 'decrease' then -changes.value_low else changes.value_high end
            as stated_change_high,
        (current_level.value_low / previous_level.value_high - 1) * 100 as implied_change_low,
        (current_level.value_high / previous_level.value_low - 1) * 100 as implied_change_high,
        changes.as_written as change_as_written,
        current_level.as_written as level_as_written,
        previous_level.as_written as previous_level_as_written,
        changes.quote as change_quote,
        previous_level.quote as previous_level_quote
    from changes
    inner join levels as current_level
        on changes.refers_to_figure_id = current_level.figure_id
    inner join levels as previous_level
        on current_level.measure = previous_level.measure
        and current_level.scope_key = previous_level.scope_key
        and current_level.unit_kind = previous_level.unit_kind
        and previous_level.period_year = current_level.period_year - 1
        and previous_level.value_low > 0
)

select
    *,
    implied_change_high >= stated_change_low and implied_change_low <= stated_change_high
        as change_agrees
from paired
