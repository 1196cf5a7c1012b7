-- R2: every pair of level figures that state the same measure for the same scope and year,
-- in different sentences, and whether their intervals overlap.
with figures as (
    select * from {{ ref('int_figures') }}
    where figure_kind = 'level' and measure is not null and period_year is not null
)

select
    a.figure_id as figure_id_a,
    b.figure_id as figure_id_b,
    a.measure,
    a.scope_key,
    a.period_year,
    a.as_written as as_written_a,
    b.as_written as as_written_b,
    a.value_low as value_low_a,
    a.value_high as value_high_a,
    b.value_low as value_low_b,
    b.value_high as value_high_b,
    a.quote as quote_a,
    b.quote as quote_b,
    {{ intervals_overlap('a', 'b') }} as intervals_overlap
from figures as a
inner join figures as b
    on a.measure = b.measure
    and a.scope_key = b.scope_key
    and a.period_year = b.period_year
    and a.unit_kind = b.unit_kind
    and coalesce(a.currency, '') = coalesce(b.currency, '')
    and a.sentence_id <> b.sentence_id
    and a.figure_id < b.figure_id
