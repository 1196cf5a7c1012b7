-- R2: the same measure for the same scope and year, stated more than once (another page,
-- speaker or briefing), has overlapping intervals. Rounding never fails it: intervals do.
{{ config(severity='error', store_failures=true, meta={'dagster': {'ref': {'name': 'fct_figures'}}}) }}
select
    'R2 restatement' as rule,
    pairs.measure,
    pairs.scope_key,
    pairs.period_year,
    a.figure_id as figure_id_a,
    a.as_written as as_written_a,
    a.speaker_name as speaker_a,
    a.source_url as source_url_a,
    a.quote as quote_a,
    b.figure_id as figure_id_b,
    b.as_written as as_written_b,
    b.speaker_name as speaker_b,
    b.source_url as source_url_b,
    b.quote as quote_b
from {{ ref('int_restatements') }} as pairs
inner join {{ ref('fct_figures') }} as a
    on pairs.figure_id_a = a.figure_id
inner join {{ ref('fct_figures') }} as b
    on pairs.figure_id_b = b.figure_id
where not pairs.intervals_overlap
