select
    {{ page_item_id('page_id', 'e', 'enumeration_index') }} as enumeration_id,
    page_id,
    {{ page_item_id('page_id', 's', 'sentence_index') }} as sentence_id,
    cast(stated_count as integer) as stated_count,
    noun as item_noun,
    items as items_found,
    {{ page_item_id('page_id', 'c', 'count_char_start') }} as count_figure_id,
    cast(char_start as integer) as char_start,
    cast(char_end as integer) as char_end
from {{ source('raw', 'enumerations') }}
