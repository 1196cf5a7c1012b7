-- Figures per campaign: what each named campaign (Sword Net 2020, Iron Fist, ...) achieved.
--
-- One row per campaign and figure, levels first. `as_written` is the number as the official
-- said it; [value_low, value_high] is the interval that wording allows (DESIGN.md, intervals).
-- A figure given for a joint operation ("Blue Net, Clean Net and Longteng seized 62,000
-- shipments") appears under every campaign, flagged by is_shared_with_other_campaigns: do not
-- add those up across campaigns.
select
    o.campaign,
    o.campaign_family,
    o.campaign_edition,
    o.measure,
    m.measure_description,
    o.period_year,
    o.figure_kind,
    o.as_written,
    o.value,
    o.value_low,
    o.value_high,
    o.unit,
    o.is_shared_with_other_campaigns,
    o.speaker_name,
    o.source_url,
    o.quote
from marts.fct_campaign_outcomes as o
left join marts.dim_measure as m using (measure)
order by o.campaign, o.measure nulls last, o.period_year, o.figure_kind, o.char_start;
