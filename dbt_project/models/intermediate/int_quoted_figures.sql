-- Figures with the sentence they were taken from. The load keeps a page's text once; the quote
-- is cut from it here by the sentence's offsets (Python offsets count code points, as
-- DuckDB's substring does).
with figures as (
    select * from {{ ref('stg_figures') }}
),

sentences as (
    select * from {{ ref('stg_sentences') }}
),

pages as (
    select page_id, page_text from {{ ref('stg_pages') }}
)

select
    figures.*,
    substring(
        pages.page_text, sentences.char_start + 1, sentences.char_end - sentences.char_start
    ) as quote
from figures
left join sentences
    on figures.sentence_id = sentences.sentence_id
left join pages
    on figures.page_id = pages.page_id
