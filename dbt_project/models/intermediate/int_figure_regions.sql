-- The region or city a figure is about: the one its sentence names last before the figure, so
-- that "Jiangsu (1,320 cases), Zhejiang (1,105)" gives each number its own. A figure with none
-- is not in this model.
--
-- Names are found by substring search, cheaper than a regular expression per figure and
-- alias; most figures name no place, and one pattern of every alias (a literal, read from the
-- seed when the model runs: macros/seed_patterns.sql) sets those aside before the join.
{%- set aliases = seed_column_values(ref('regions'), 'alias') %}

with lead_ins as (
    -- The words before the figure, cut here rather than kept as a column of
    -- int_quoted_figures: one more string per figure there did not fit a 10,000-page build in
    -- dbt's memory limit.
    select
        figure_id,
        lower(substring(quote, 1, quote_offset)) as lead_in
    from {{ ref('int_quoted_figures') }}
),

figures as (
    select * from lead_ins
    {%- if aliases %}
    where regexp_matches(lead_in, '{{ aliases | join("|") | replace("'", "''") }}')
    {%- endif %}
),

regions as (
    select * from {{ ref('regions') }}
),

named as (
    select
        figures.figure_id,
        regions.region,
        -- where the last mention of the alias starts
        length(figures.lead_in) - strpos(reverse(figures.lead_in), reverse(regions.alias))
            as named_at
    from figures
    inner join regions
        on contains(figures.lead_in, regions.alias)
)

select
    figure_id,
    arg_max(region, row(named_at, region)) as region
from named
group by figure_id
