select
    enumeration_id,
    page_id,
    sentence_id,
    cast(stated_count as integer) as stated_count,
    noun as item_noun,
    items as items_found,
    count_figure_id,
    cast(char_start as integer) as char_start,
    cast(char_end as integer) as char_end
from {{ source('raw', 'enumerations') }}
