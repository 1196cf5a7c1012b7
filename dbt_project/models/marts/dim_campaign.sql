-- Every campaign: the listed ones from the campaigns seed, and names found in transcripts
-- that the seed does not list yet (is_listed = false), so an unknown name is never dropped.
with listed as (
    select
        campaign,
        any_value(family) as campaign_family,
        cast(any_value(edition) as integer) as campaign_edition,
        any_value(lead_authority) as lead_authority,
        list(alias order by alias) as aliases,
        true as is_listed
    from {{ ref('campaigns') }}
    group by campaign
),

found as (
    select
        campaign,
        count(distinct figure_id) as figure_count
    from {{ ref('int_figure_campaigns') }}
    group by campaign
),

unlisted as (
    select distinct
        campaign,
        null::varchar as campaign_family,
        null::integer as campaign_edition,
        null::varchar as lead_authority,
        [campaign_alias] as aliases,
        false as is_listed
    from {{ ref('int_figure_campaigns') }}
    where not is_listed_campaign
)

select
    campaigns.*,
    coalesce(found.figure_count, 0) as figure_count
from (select * from listed union all select * from unlisted) as campaigns
left join found
    on campaigns.campaign = found.campaign
