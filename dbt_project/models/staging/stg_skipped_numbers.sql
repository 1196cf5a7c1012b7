select
    page_id,
    {{ page_item_id('page_id', 's', 'sentence_index') }} as sentence_id,
    cast(char_start as integer) as char_start,
    cast(char_end as integer) as char_end,
    reason as skip_reason
from {{ source('raw', 'skipped_numbers') }}
