-- Figures with their briefing, turn and speaker, and their words, number and sentence cut from
-- the page text. The load keeps each of these once (a figure names only its sentence, a page's
-- text is in raw.pages alone), so they are joined here. Python offsets count code points, as
-- DuckDB's substring does.
with figures as (
    select * from {{ ref('stg_figures') }}
),

sentences as (
    select * from {{ ref('int_sentence_speakers') }}
),

pages as (
    select page_id, briefing_id, page_text from {{ ref('stg_pages') }}
)

select
    figures.* exclude (number_start, number_end),
    pages.briefing_id,
    sentences.turn_id,
    sentences.speaker_id,
    substring(pages.page_text, figures.char_start + 1, figures.char_end - figures.char_start)
        as as_written,
    substring(pages.page_text, figures.number_start + 1, figures.number_end - figures.number_start)
        as number_text,
    substring(
        pages.page_text,
        sentences.sentence_start + 1,
        sentences.sentence_end - sentences.sentence_start
    ) as quote,
    figures.char_start - sentences.sentence_start as quote_offset
from figures
left join sentences
    on figures.sentence_id = sentences.sentence_id
left join pages
    on figures.page_id = pages.page_id
