-- The year a figure refers to, and how that was decided: a year in its own sentence first,
-- then the edition of its campaign, then a year stated earlier in the same turn, then the
-- year of the report the briefing presents.
with figures as (
    select * from {{ ref('int_quoted_figures') }}
),

campaign_editions as (
    select
        figure_id,
        min(campaign_edition) as edition,
        count(distinct campaign_edition) as editions
    from {{ ref('int_figure_campaigns') }}
    where campaign_edition is not null
    group by figure_id
),

briefings as (
    select * from {{ ref('stg_briefings') }}
)

select
    figures.figure_id,
    case
        when figures.sentence_year is not null then figures.sentence_year
        when campaign_editions.editions = 1 then campaign_editions.edition
        when figures.turn_year is not null then figures.turn_year
        else briefings.report_year
    end as period_year,
    case
        when figures.sentence_year is not null then 'sentence'
        when campaign_editions.editions = 1 then 'campaign_edition'
        when figures.turn_year is not null then 'turn'
        when briefings.report_year is not null then 'briefing_report'
        else 'unknown'
    end as period_source
from figures
left join campaign_editions
    on figures.figure_id = campaign_editions.figure_id
left join briefings
    on figures.briefing_id = briefings.briefing_id
