-- Grain: one row per campaign and figure. A figure stated for several campaigns at once
-- ("Longteng, Blue Net and Clean Net seized 62,000 shipments") appears once per campaign,
-- flagged shared, so sums per campaign never double count silently.
with figure_campaigns as (
    select * from {{ ref('int_figure_campaigns') }}
),

figures as (
    select * from {{ ref('fct_figures') }}
)

select
    figure_campaigns.campaign,
    figure_campaigns.campaign_alias,
    figure_campaigns.campaign_family,
    figure_campaigns.campaign_edition,
    figure_campaigns.is_listed_campaign,
    len(figures.campaigns) > 1 as is_shared_with_other_campaigns,
    {{ outcome_columns('figures') }}
from figure_campaigns
inner join figures
    on figure_campaigns.figure_id = figures.figure_id
