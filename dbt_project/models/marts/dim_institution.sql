select
    institution,
    name as institution_name,
    is_judicial,
    pattern as match_pattern
from {{ ref('institutions') }}
