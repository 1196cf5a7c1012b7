-- The numerals of the page texts that are not figures, each with the reason the extractor gave,
-- so that an analyst can review what was left out: with fct_figures, every numeral written as a
-- word of its own is accounted for. Digits inside a word ("COVID-19", "G20", "14th") are no
-- numeral to the extractor and are not listed. The load keeps a numeral's page, sentence and offsets only (as it does a figure's): turn
-- and speaker are joined through the sentence, and the words are cut from the page text
-- (Python offsets count code points, as DuckDB's substring does).
with skipped_numbers as (
    select * from {{ ref('stg_skipped_numbers') }}
),

sentences as (
    select sentence_id, turn_id, char_start, char_end from {{ ref('stg_sentences') }}
),

turns as (
    select turn_id, speaker_id from {{ ref('stg_turns') }}
),

pages as (
    select page_id, briefing_id, page_no, source_url, page_text from {{ ref('stg_pages') }}
),

speakers as (
    select speaker_id, speaker_name from {{ ref('stg_speakers') }}
)

select
    pages.briefing_id,
    skipped_numbers.page_id,
    pages.page_no,
    pages.source_url,
    skipped_numbers.sentence_id,
    sentences.turn_id,
    turns.speaker_id,
    speakers.speaker_name,
    skipped_numbers.char_start,
    skipped_numbers.char_end,
    substring(
        pages.page_text,
        skipped_numbers.char_start + 1,
        skipped_numbers.char_end - skipped_numbers.char_start
    ) as number_text,
    skipped_numbers.skip_reason,
    substring(
        pages.page_text, sentences.char_start + 1, sentences.char_end - sentences.char_start
    ) as quote
from skipped_numbers
left join sentences
    on skipped_numbers.sentence_id = sentences.sentence_id
left join turns
    on sentences.turn_id = turns.turn_id
left join pages
    on skipped_numbers.page_id = pages.page_id
left join speakers
    on turns.speaker_id = speakers.speaker_id
