-- The yearly levels stated for each measure, scope, year, unit kind and currency, reduced to
-- one interval. Intervals on a line overlap pairwise exactly when the highest lower bound does
-- not pass the lowest upper bound, so one pass per group tells whether all the statements can
-- be true (R2) and, if they can, the interval the level lies in (R4's previous year).
with levels as (
    select
        *,
        coalesce(currency, '') as currency_key
    from {{ ref('int_figures') }}
    where figure_kind = 'level'
        and measure is not null
        and period_year is not null
        -- A part ("of which 20,400 in postal channels") is not the year's level.
        and part_of_figure_id is null
),

bounds as (
    select
        measure,
        scope_key,
        period_year,
        unit_kind,
        currency_key,
        count(*) as figure_count,
        count(distinct sentence_id) as sentence_count,
        max(value_low) as highest_low,
        min(value_high) as lowest_high,
        min(value_low) as lowest_low,
        max(value_high) as highest_high,
        -- Among figures sharing the extreme bound, an open end is the binding one; among
        -- equals, the first figure id, so that every build names the same statement.
        arg_min(figure_id, row(-value_low, not low_open, figure_id)) as highest_low_figure_id,
        arg_min(low_open, row(-value_low, not low_open, figure_id)) as highest_low_open,
        arg_min(figure_id, row(value_high, not high_open, figure_id)) as lowest_high_figure_id,
        arg_min(high_open, row(value_high, not high_open, figure_id)) as lowest_high_open,
        arg_min(figure_id, row(value_low, figure_id)) as lowest_low_figure_id,
        arg_min(figure_id, row(-value_high, figure_id)) as highest_high_figure_id
    from levels
    group by measure, scope_key, period_year, unit_kind, currency_key
)

select
    *,
    highest_low < lowest_high
        or (highest_low = lowest_high and not highest_low_open and not lowest_high_open)
        as statements_agree
from bounds
