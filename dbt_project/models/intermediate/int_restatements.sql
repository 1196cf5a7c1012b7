-- R2: level figures that state the same measure for the same scope, year and unit in more
-- than one sentence. All their intervals overlap pairwise exactly when the highest lower
-- bound does not pass the lowest upper bound (intervals on a line), so one pass per group
-- finds a contradiction and the two figures that make it, without comparing every pair.
with figures as (
    select
        *,
        coalesce(currency, '') as currency_key
    from {{ ref('int_figures') }}
    where figure_kind = 'level'
        and measure is not null
        and period_year is not null
        and part_of_figure_id is null
),

restated as (
    select
        measure,
        scope_key,
        period_year,
        unit_kind,
        currency_key,
        count(*) as figure_count,
        max(value_low) as highest_low,
        min(value_high) as lowest_high
    from figures
    group by measure, scope_key, period_year, unit_kind, currency_key
    having count(distinct sentence_id) > 1
),

bounds as (
    select
        restated.measure,
        restated.scope_key,
        restated.period_year,
        restated.unit_kind,
        restated.figure_count,
        restated.highest_low,
        restated.lowest_high,
        -- Among figures sharing the extreme bound, an open end is the binding one; among
        -- equals, the first figure id, so that every build names the same statement.
        arg_min(
            figures.figure_id,
            row(-((figures.value_low = restated.highest_low)::int * 2 + figures.low_open::int), figures.figure_id)
        ) as highest_low_figure_id,
        bool_or(figures.value_low = restated.highest_low and figures.low_open) as highest_low_open,
        arg_min(
            figures.figure_id,
            row(-((figures.value_high = restated.lowest_high)::int * 2 + figures.high_open::int), figures.figure_id)
        ) as lowest_high_figure_id,
        bool_or(figures.value_high = restated.lowest_high and figures.high_open) as lowest_high_open
    from restated
    inner join figures
        on figures.measure = restated.measure
        and figures.scope_key = restated.scope_key
        and figures.period_year = restated.period_year
        and figures.unit_kind = restated.unit_kind
        and figures.currency_key = restated.currency_key
    group by all
)

select
    *,
    highest_low < lowest_high
        or (highest_low = lowest_high and not highest_low_open and not lowest_high_open)
        as intervals_overlap
from bounds
