-- R2: the same measure for the same scope and year, stated more than once (another page,
-- speaker or briefing), has overlapping intervals. Rounding never fails it: intervals do.
-- A failing row names the two statements that cannot both be true.
{{ config(severity='error', store_failures=true, meta={'dagster': {'ref': {'name': 'fct_figures'}}}) }}
select
    'R2 restatement' as rule,
    groups.measure,
    groups.scope_key,
    groups.period_year,
    groups.figure_count,
    low.figure_id as figure_id_a,
    low.as_written as as_written_a,
    low.speaker_name as speaker_a,
    low.source_url as source_url_a,
    low.quote as quote_a,
    high.figure_id as figure_id_b,
    high.as_written as as_written_b,
    high.speaker_name as speaker_b,
    high.source_url as source_url_b,
    high.quote as quote_b
from {{ ref('int_restatements') }} as groups
inner join {{ ref('fct_figures') }} as low
    on groups.highest_low_figure_id = low.figure_id
inner join {{ ref('fct_figures') }} as high
    on groups.lowest_high_figure_id = high.figure_id
where not groups.intervals_overlap
