-- Campaign names as written, mapped to canonical campaigns; an unlisted name is kept, flagged.
with mentions as (
    select
        figure_id,
        unnest(campaign_mentions) as campaign_alias
    from {{ ref('stg_figures') }}
),

campaigns as (
    select * from {{ ref('campaigns') }}
)

select distinct
    mentions.figure_id,
    mentions.campaign_alias,
    coalesce(campaigns.campaign, mentions.campaign_alias) as campaign,
    campaigns.family as campaign_family,
    cast(campaigns.edition as integer) as campaign_edition,
    campaigns.campaign is not null as is_listed_campaign
from mentions
left join campaigns
    on lower(mentions.campaign_alias) = lower(campaigns.alias)
