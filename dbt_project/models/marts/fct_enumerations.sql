-- The load keeps an enumeration's page and sentence only (as it does a figure's): its turn and
-- speaker come with the sentence, its briefing with the page, and its words are cut from the
-- page text (Python offsets count code points, as DuckDB's substring does).
with enumerations as (
    select * from {{ ref('stg_enumerations') }}
),

sentences as (
    select * from {{ ref('int_sentence_speakers') }}
),

pages as (
    select page_id, briefing_id, page_no, source_url, page_text from {{ ref('stg_pages') }}
)

select
    enumerations.enumeration_id,
    pages.briefing_id,
    enumerations.page_id,
    pages.page_no,
    pages.source_url,
    sentences.turn_id,
    sentences.speaker_id,
    sentences.speaker_name,
    enumerations.stated_count,
    enumerations.item_noun,
    enumerations.items_found,
    len(enumerations.items_found) as items_found_count,
    enumerations.stated_count = len(enumerations.items_found) as count_matches,
    enumerations.count_figure_id,
    enumerations.char_start,
    enumerations.char_end,
    substring(
        pages.page_text,
        enumerations.char_start + 1,
        enumerations.char_end - enumerations.char_start
    ) as quote
from enumerations
left join sentences
    on enumerations.sentence_id = sentences.sentence_id
left join pages
    on enumerations.page_id = pages.page_id
