-- Each sentence with its turn and speaker: a figure, an enumeration or a skipped numeral names
-- only its sentence (the load keeps each fact once) and takes its speaker from here. A view, so
-- each model that joins it reads only the columns it uses. Page texts are not carried along:
-- a join would copy every page's text into its hash table once per sentence.
{{ config(materialized='view') }}
with sentences as (
    select sentence_id, turn_id, char_start, char_end from {{ ref('stg_sentences') }}
),

turns as (
    select turn_id, speaker_id from {{ ref('stg_turns') }}
),

speakers as (
    select speaker_id, speaker_name from {{ ref('stg_speakers') }}
)

select
    sentences.sentence_id,
    sentences.turn_id,
    turns.speaker_id,
    speakers.speaker_name,
    sentences.char_start as sentence_start,
    sentences.char_end as sentence_end
from sentences
left join turns
    on sentences.turn_id = turns.turn_id
left join speakers
    on turns.speaker_id = speakers.speaker_id
