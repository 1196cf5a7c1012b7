select
    speaker_id,
    briefing_id,
    name as speaker_name,
    role as speaker_role,
    organization,
    title as speaker_title,
    media_outlet,
    role_source
from {{ source('raw', 'speakers') }}
