-- One row per figure with its measure, domain, campaigns, institutions, period and scope.
with figures as (
    select * from {{ ref('int_quoted_figures') }}
),

figure_measures as (
    select * from {{ ref('int_figure_measures') }}
),

measures as (
    select * from {{ ref('measures') }}
),

campaigns_per_figure as (
    select
        figure_id,
        list(distinct campaign order by campaign) as campaigns
    from {{ ref('int_figure_campaigns') }}
    group by figure_id
),

institutions_per_figure as (
    select
        figure_id,
        list(distinct institution order by institution) as institutions
    from {{ ref('int_figure_institutions') }}
    group by figure_id
),

periods as (
    select * from {{ ref('int_figure_periods') }}
),

regions as (
    select * from {{ ref('int_figure_regions') }}
),

-- A count whose unit says which of the things it counts ("6,140 cases involving
-- livestreaming") makes its sentence about that part: "... and imposed fines of RMB 386
-- million" are the fines of those cases, not a restatement of the year's fines.
qualified_counts as (
    select sentence_id, min(lower(unit)) as part
    from figures
    where figure_kind = 'level' and {{ is_qualified_unit('unit') }}
    group by sentence_id
)

select
    figures.*,
    figure_measures.measure,
    figure_measures.measure_rule_id,
    case
        when len(coalesce(campaigns_per_figure.campaigns, [])) > 0 then 'campaign'
        when measures.domain = 'judicial' then 'judicial'
        when list_has_any(coalesce(institutions_per_figure.institutions, []),
                          ['courts', 'procuratorates', 'public_security']) then 'judicial'
        else 'other'
    end as domain,
    coalesce(campaigns_per_figure.campaigns, []) as campaigns,
    coalesce(institutions_per_figure.institutions, []) as institutions,
    periods.period_year,
    periods.period_source,
    regions.region,
    -- What a restatement must share besides measure and period: the same campaigns, or else
    -- the same institutions (figures with neither are national totals); the same region where
    -- one is named; and the same unit phrase for a measure that gathers many kinds of things,
    -- or where the unit says which of the things it counts ("people for infringing trade
    -- secrets" are a part of the people prosecuted, restated only as that part).
    case
        when len(coalesce(campaigns_per_figure.campaigns, [])) > 0
            then 'campaign:' || array_to_string(campaigns_per_figure.campaigns, '+')
        when len(coalesce(institutions_per_figure.institutions, [])) > 0
            then 'institution:' || array_to_string(institutions_per_figure.institutions, '+')
        else 'national'
    end
    || coalesce('@' || regions.region, '')
    || case
        when measures.restated_by_unit or {{ is_qualified_unit('figures.unit') }}
            then '#' || lower(figures.unit)
        when qualified_counts.part is not null then '#of ' || qualified_counts.part
        else ''
    end
        as scope_key
from figures
left join figure_measures
    on figures.figure_id = figure_measures.figure_id
left join measures
    on figure_measures.measure = measures.measure
left join campaigns_per_figure
    on figures.figure_id = campaigns_per_figure.figure_id
left join institutions_per_figure
    on figures.figure_id = institutions_per_figure.figure_id
left join qualified_counts
    on figures.sentence_id = qualified_counts.sentence_id
left join periods
    on figures.figure_id = periods.figure_id
left join regions
    on figures.figure_id = regions.figure_id
