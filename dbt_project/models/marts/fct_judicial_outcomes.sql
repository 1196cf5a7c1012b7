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
    figures.figure_id,
    figures.briefing_id,
    figures.measure,
    figures.figure_kind,
    figures.as_written,
    figures.value,
    figures.value_low,
    figures.value_high,
    figures.low_open,
    figures.high_open,
    figures.qualifier,
    figures.unit,
    figures.unit_kind,
    figures.currency,
    figures.change_direction,
    figures.refers_to_figure_id,
    figures.period_year,
    figures.period_source,
    figures.speaker_name,
    figures.source_url,
    figures.page_no,
    figures.char_start,
    figures.char_end,
    figures.quote
from figure_institutions
inner join institutions
    on figure_institutions.institution = institutions.institution
inner join figures
    on figure_institutions.figure_id = figures.figure_id
