-- The yearly levels stated for each measure, scope, year, unit kind and currency, reduced to
-- one interval. Intervals on a line overlap pairwise exactly when the highest lower bound does
-- not pass the lowest upper bound, so one pass per group tells whether all the statements can
-- be true (R2) and, if they can, the interval the level lies in (R4's previous year).
--
-- A restatement is a statement by another page, speaker or briefing (DESIGN.md, R2). The
-- figures one speaker gives on one page are first joined into the span they cover together:
-- within one answer, two figures of a measure are a total and a part, or two places, far more
-- often than the same count said twice.
{%- set statement_key = 'measure, scope_key, period_year, unit_kind, currency_key' %}

with levels as (
    select
        *,
        coalesce(currency, '') as currency_key,
        coalesce(page_id, '') || '|' || coalesce(speaker_id, '') as source_key
    from {{ ref('int_figures') }}
    where figure_kind = 'level'
        and measure is not null
        and period_year is not null
        -- A part ("of which 20,400 in postal channels") is not the year's level.
        and part_of_figure_id is null
),

sources as (
    select
        {{ statement_key }},
        source_key,
        count(*) as figure_count,
        count(distinct sentence_id) as sentence_count,
        min(value_low) as value_low,
        max(value_high) as value_high,
        -- The figure that gives the span its end: a closed end reaches further than an open one
        -- at the same value; among equals, the first figure id.
        arg_min(figure_id, row(value_low, low_open, figure_id)) as low_figure_id,
        arg_min(low_open, row(value_low, low_open, figure_id)) as low_open,
        arg_min(figure_id, row(-value_high, high_open, figure_id)) as high_figure_id,
        arg_min(high_open, row(-value_high, high_open, figure_id)) as high_open
    from levels
    group by {{ statement_key }}, source_key
),

bounds as (
    select
        {{ statement_key }},
        sum(figure_count) as figure_count,
        count(*) as source_count,
        sum(sentence_count) as sentence_count,
        max(value_low) as highest_low,
        min(value_high) as lowest_high,
        min(value_low) as lowest_low,
        max(value_high) as highest_high,
        -- Among sources sharing the extreme bound, an open end is the binding one; among
        -- equals, the first figure id, so that every build names the same statement.
        arg_min(low_figure_id, row(-value_low, not low_open, low_figure_id)) as highest_low_figure_id,
        arg_min(low_open, row(-value_low, not low_open, low_figure_id)) as highest_low_open,
        arg_min(high_figure_id, row(value_high, not high_open, high_figure_id)) as lowest_high_figure_id,
        arg_min(high_open, row(value_high, not high_open, high_figure_id)) as lowest_high_open,
        arg_min(low_figure_id, row(value_low, low_figure_id)) as lowest_low_figure_id,
        arg_min(high_figure_id, row(-value_high, high_figure_id)) as highest_high_figure_id
    from sources
    group by {{ statement_key }}
)

select
    *,
    highest_low < lowest_high
        or (highest_low = lowest_high and not highest_low_open and not lowest_high_open)
        as statements_agree
from bounds
