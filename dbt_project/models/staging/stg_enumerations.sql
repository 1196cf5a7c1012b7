select
    enumeration_id,
    page_id,
    briefing_id,
    turn_id,
    sentence_id,
    speaker_id,
    cast(stated_count as integer) as stated_count,
    noun as item_noun,
    items as items_found,
    cast(items_found as integer) as items_found_count,
    count_figure_id,
    cast(char_start as integer) as char_start,
    cast(char_end as integer) as char_end,
    quote
from {{ source('raw', 'enumerations') }}
