with briefings as (
    select * from {{ ref('stg_briefings') }}
),

first_pages as (
    select
        briefing_id,
        arg_min(source_url, page_no) as first_loaded_page_url,
        count(*) as pages_loaded_count,
        sum(char_count) as characters
    from {{ ref('stg_pages') }}
    group by briefing_id
),

figure_counts as (
    select briefing_id, count(*) as figure_count
    from {{ ref('int_quoted_figures') }}
    group by briefing_id
)

select
    briefings.briefing_id,
    briefings.briefing_title,
    briefings.held_on,
    briefings.published_on,
    briefings.report_year,
    briefings.page_count,
    first_pages.pages_loaded_count as pages_loaded,
    first_pages.characters,
    first_pages.first_loaded_page_url,
    coalesce(figure_counts.figure_count, 0) as figure_count
from briefings
left join first_pages
    on briefings.briefing_id = first_pages.briefing_id
left join figure_counts
    on briefings.briefing_id = figure_counts.briefing_id
