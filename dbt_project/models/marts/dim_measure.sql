with measures as (
    select * from {{ ref('measures') }}
),

figure_counts as (
    select measure, count(*) as figure_count
    from {{ ref('int_figures') }}
    where measure is not null
    group by measure
)

select
    measures.measure,
    measures.domain,
    measures.default_institution,
    measures.description as measure_description,
    coalesce(figure_counts.figure_count, 0) as figure_count
from measures
left join figure_counts
    on measures.measure = figure_counts.measure
