with enumerations as (
    select * from {{ ref('stg_enumerations') }}
),

pages as (
    select * from {{ ref('stg_pages') }}
),

speakers as (
    select * from {{ ref('stg_speakers') }}
)

select
    enumerations.enumeration_id,
    enumerations.briefing_id,
    enumerations.page_id,
    pages.page_no,
    pages.source_url,
    enumerations.turn_id,
    enumerations.speaker_id,
    speakers.speaker_name,
    enumerations.stated_count,
    enumerations.item_noun,
    enumerations.items_found,
    enumerations.items_found_count,
    enumerations.stated_count = enumerations.items_found_count as count_matches,
    enumerations.count_figure_id,
    enumerations.char_start,
    enumerations.char_end,
    enumerations.quote
from enumerations
left join pages
    on enumerations.page_id = pages.page_id
left join speakers
    on enumerations.speaker_id = speakers.speaker_id
