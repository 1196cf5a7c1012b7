-- Grain: one row per judicial institution (courts, procuratorates, public security) and
-- figure: named in the figure's sentence, or implied by a judicial measure.
with figure_institutions as (
    select * from {{ ref('int_figure_institutions') }}
),

institutions as (
    select * from {{ ref('institutions') }}
    where is_judicial
),

figures as (
    select * from {{ ref('fct_figures') }}
)

select
    figure_institutions.institution,
    institutions.name as institution_name,
    figure_institutions.institution_source,
    {{ outcome_columns('figures') }}
from figure_institutions
inner join institutions
    on figure_institutions.institution = institutions.institution
inner join figures
    on figure_institutions.figure_id = figures.figure_id
