with speakers as (
    select * from {{ ref('stg_speakers') }}
),

turns as (
    select speaker_id, count(*) as turn_count
    from {{ ref('stg_turns') }}
    group by speaker_id
),

figures as (
    select speaker_id, count(*) as figure_count
    from {{ ref('int_quoted_figures') }}
    group by speaker_id
)

select
    speakers.speaker_id,
    speakers.briefing_id,
    speakers.speaker_name,
    speakers.speaker_role,
    speakers.organization,
    speakers.speaker_title,
    speakers.media_outlet,
    speakers.role_source,
    coalesce(turns.turn_count, 0) as turn_count,
    coalesce(figures.figure_count, 0) as figure_count
from speakers
left join turns
    on speakers.speaker_id = turns.speaker_id
left join figures
    on speakers.speaker_id = figures.speaker_id
