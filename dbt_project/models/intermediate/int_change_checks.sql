-- R4: a stated year-on-year change in percent, next to the change implied by the two yearly
-- levels: the level it refers to, and the same measure, scope, unit and currency a year
-- earlier (a CNY level and a USD level are different quantities and never compared).
--
-- The year before may be stated in several sentences. If they are all true, that year's level
-- lies in their common part (int_level_bounds, the interval R2 checks): one row per change,
-- not one per change and previous statement. Where those statements contradict each other
-- (R2 fails and names them), there is no common part; R4 then judges the change against the
-- span of all of them, so it fails only a change that no previous-year statement supports
-- instead of echoing the R2 failure.
with figures as (
    select
        *,
        coalesce(currency, '') as currency_key
    from {{ ref('int_figures') }}
),

changes as (
    select * from figures
    where figure_kind = 'change' and unit_kind = 'percent' and refers_to_figure_id is not null
),

levels as (
    select * from figures
    where figure_kind = 'level' and measure is not null and period_year is not null
),

-- The interval the previous year's level lies in (int_level_bounds), and the statements that
-- bound it; a level whose interval reaches zero cannot be divided by.
previous_year_intervals as (
    select
        *,
        case when statements_agree then highest_low else lowest_low end as level_low,
        case when statements_agree then lowest_high else highest_high end as level_high,
        case when statements_agree then highest_low_figure_id else lowest_low_figure_id end
            as level_low_figure_id,
        case when statements_agree then lowest_high_figure_id else highest_high_figure_id end
            as level_high_figure_id
    from {{ ref('int_level_bounds') }}
),

paired as (
    select
        changes.figure_id as change_figure_id,
        current_level.figure_id as level_figure_id,
        current_level.measure,
        current_level.scope_key,
        current_level.period_year,
        case when changes.change_direction = 'decrease' then -changes.value_high else changes.value_low end
            as stated_change_low,
        case when changes.change_direction = 'decrease' then -changes.value_low else changes.value_high end
            as stated_change_high,
        (current_level.value_low / previous_year.level_high - 1) * 100 as implied_change_low,
        (current_level.value_high / previous_year.level_low - 1) * 100 as implied_change_high,
        previous_year.figure_count as previous_level_count,
        previous_year.statements_agree as previous_levels_agree,
        previous_year.level_low as previous_level_low,
        previous_year.level_high as previous_level_high,
        previous_year.level_low_figure_id,
        previous_year.level_high_figure_id,
        changes.as_written as change_as_written,
        current_level.as_written as level_as_written,
        changes.quote as change_quote
    from changes
    inner join levels as current_level
        on changes.refers_to_figure_id = current_level.figure_id
    inner join previous_year_intervals as previous_year
        on previous_year.level_low > 0
        and current_level.measure = previous_year.measure
        and current_level.scope_key = previous_year.scope_key
        and current_level.unit_kind = previous_year.unit_kind
        and current_level.currency_key = previous_year.currency_key
        and previous_year.period_year = current_level.period_year - 1
),

checked as (
    select
        *,
        implied_change_high >= stated_change_low and implied_change_low <= stated_change_high
            as change_agrees,
        -- The previous-year statement a failure is about: a change too large for the levels is
        -- contradicted by the statement that bounds the previous year from below (it keeps
        -- the implied change down), a change too small by the one that bounds it from above.
        case
            when stated_change_low > implied_change_high then level_low_figure_id
            when stated_change_high < implied_change_low then level_high_figure_id
            else level_low_figure_id
        end as previous_level_figure_id
    from paired
)

select
    checked.change_figure_id,
    checked.level_figure_id,
    checked.previous_level_figure_id,
    checked.measure,
    checked.scope_key,
    checked.period_year,
    checked.stated_change_low,
    checked.stated_change_high,
    checked.implied_change_low,
    checked.implied_change_high,
    checked.previous_level_count,
    checked.previous_levels_agree,
    checked.previous_level_low,
    checked.previous_level_high,
    checked.change_as_written,
    checked.level_as_written,
    previous_level.as_written as previous_level_as_written,
    checked.change_quote,
    previous_level.quote as previous_level_quote,
    checked.change_agrees
from checked
inner join figures as previous_level
    on checked.previous_level_figure_id = previous_level.figure_id
