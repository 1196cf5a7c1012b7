-- The numerals of the page texts that are not figures, each with the reason the extractor gave,
-- so that an analyst can review what was left out: with fct_figures, every numeral written as a
-- word of its own is accounted for. Digits inside a word ("COVID-19", "G20", "14th") are no
-- numeral to the extractor and are not listed. The load keeps a numeral's page, sentence and
-- offsets only (as it does a figure's): turn and speaker come with the sentence, the briefing
-- with the page, and the words are cut from the page text (Python offsets count code points,
-- as DuckDB's substring does).
-- After int_quoted_figures, never beside it: both cut words from every page's text, and at
-- 10,000 pages the two at once can pass the build's memory limit (seen: 732 of 768 MiB).
-- depends_on: {{ ref('int_quoted_figures') }}
with skipped_numbers as (
    select * from {{ ref('stg_skipped_numbers') }}
),

sentences as (
    select * from {{ ref('int_sentence_speakers') }}
),

pages as (
    select page_id, briefing_id, page_no, source_url, page_text from {{ ref('stg_pages') }}
)

select
    pages.briefing_id,
    skipped_numbers.page_id,
    pages.page_no,
    pages.source_url,
    skipped_numbers.sentence_id,
    sentences.turn_id,
    sentences.speaker_id,
    sentences.speaker_name,
    skipped_numbers.char_start,
    skipped_numbers.char_end,
    substring(
        pages.page_text,
        skipped_numbers.char_start + 1,
        skipped_numbers.char_end - skipped_numbers.char_start
    ) as number_text,
    skipped_numbers.skip_reason,
    substring(
        pages.page_text,
        sentences.sentence_start + 1,
        sentences.sentence_end - sentences.sentence_start
    ) as quote
from skipped_numbers
left join sentences
    on skipped_numbers.sentence_id = sentences.sentence_id
left join pages
    on skipped_numbers.page_id = pages.page_id
