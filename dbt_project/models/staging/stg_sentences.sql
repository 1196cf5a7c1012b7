select
    {{ page_item_id('page_id', 's', 'sentence_index') }} as sentence_id,
    page_id,
    {{ page_item_id('page_id', 't', 'turn_index') }} as turn_id,
    cast(sentence_index as integer) as sentence_index,
    cast(paragraph_index as integer) as paragraph_index,
    cast(char_start as integer) as char_start,
    cast(char_end as integer) as char_end,
    years as years_mentioned,
    campaign_mentions
from {{ source('raw', 'sentences') }}
