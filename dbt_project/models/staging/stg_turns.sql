select
    {{ page_item_id('page_id', 't', 'turn_index') }} as turn_id,
    page_id,
    briefing_id,
    cast(turn_index as integer) as turn_index,
    speaker_id,
    speaker_label,
    kind as turn_kind,
    continued_from_previous_page,
    cast(char_start as integer) as char_start,
    cast(char_end as integer) as char_end
from {{ source('raw', 'turns') }}
