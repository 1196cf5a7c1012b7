-- R3: a stated whole next to the parts stated with it ("of which ... and ..."). The parts
-- need not be exhaustive, so the rule is: their summed interval does not exceed the whole,
-- and no single part exceeds it.
with figures as (
    select * from {{ ref('int_figures') }}
),

parts as (
    select
        part_of_figure_id as whole_figure_id,
        count(*) as part_count,
        sum(value_low) as parts_low_sum,
        sum(value_high) as parts_high_sum,
        max(value_low) as largest_part_low,
        list(as_written order by char_start) as parts_as_written,
        list(figure_id order by char_start) as part_figure_ids
    from figures
    where part_of_figure_id is not null
    group by part_of_figure_id
)

select
    parts.*,
    wholes.as_written as whole_as_written,
    wholes.value_low as whole_low,
    wholes.value_high as whole_high,
    wholes.quote,
    parts.parts_low_sum <= wholes.value_high and parts.largest_part_low <= wholes.value_high
        as parts_fit_whole
from parts
inner join figures as wholes
    on parts.whole_figure_id = wholes.figure_id
