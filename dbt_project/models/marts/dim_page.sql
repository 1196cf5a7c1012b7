-- The text each figure's character span points into, so any figure can be checked in SQL:
-- substring(page_text, char_start + 1, char_end - char_start) = as_written.
select
    page_id,
    briefing_id,
    page_no,
    source_url,
    snapshot_sha256,
    fetched_at,
    media_type,
    page_title,
    published_on,
    char_count,
    page_text
from {{ ref('stg_pages') }}
