-- Every figure with its provenance (briefing, page, speaker, span, quote) and its interval.
with figures as (
    select * from {{ ref('int_figures') }}
),

pages as (
    select * from {{ ref('stg_pages') }}
),

speakers as (
    select * from {{ ref('stg_speakers') }}
)

select
    figures.figure_id,
    figures.briefing_id,
    figures.page_id,
    pages.page_no,
    pages.source_url,
    pages.snapshot_sha256,
    figures.turn_id,
    figures.sentence_id,
    figures.speaker_id,
    speakers.speaker_name,
    speakers.speaker_role,
    figures.char_start,
    figures.char_end,
    figures.as_written,
    figures.number_text,
    figures.value,
    figures.value_precision,
    figures.value_low,
    figures.value_high,
    figures.low_open,
    figures.high_open,
    figures.qualifier,
    figures.scale,
    figures.unit,
    figures.unit_kind,
    figures.unit_borrowed,
    figures.currency,
    figures.verb,
    figures.figure_kind,
    figures.change_direction,
    figures.refers_to_figure_id,
    figures.part_of_figure_id,
    figures.measure,
    figures.domain,
    figures.campaigns,
    figures.institutions,
    figures.period_year,
    figures.period_source,
    figures.quote
from figures
left join pages
    on figures.page_id = pages.page_id
left join speakers
    on figures.speaker_id = speakers.speaker_id
