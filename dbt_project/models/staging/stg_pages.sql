select
    page_id,
    briefing_id,
    cast(page_no as integer) as page_no,
    url as source_url,
    snapshot_sha256,
    fetched_at,
    media_type,
    title as page_title,
    cast(published_on as date) as published_on,
    cast(char_count as integer) as char_count,
    text as page_text
from {{ source('raw', 'pages') }}
