-- R2: level figures that state the same measure for the same scope, year and unit from more
-- than one source (another page or speaker), whether they can all be true, and the two that
-- bound their common part (the two that contradict each other when it is empty).
select
    measure,
    scope_key,
    period_year,
    unit_kind,
    figure_count,
    highest_low,
    lowest_high,
    highest_low_figure_id,
    highest_low_open,
    lowest_high_figure_id,
    lowest_high_open,
    statements_agree as intervals_overlap
from {{ ref('int_level_bounds') }}
where source_count > 1
