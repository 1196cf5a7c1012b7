select
    briefing_id,
    title as briefing_title,
    cast(held_on as date) as held_on,
    cast(published_on as date) as published_on,
    cast(report_year as integer) as report_year,
    cast(page_count as integer) as page_count,
    cast(pages_loaded as integer) as pages_loaded
from {{ source('raw', 'briefings') }}
