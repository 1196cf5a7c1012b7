-- A numeral is either a figure or skipped with a reason, never both: an overlap means the
-- extractor counted words twice, and the build does not publish.
{{ config(severity='error', store_failures=true, meta={'dagster': {'ref': {'name': 'fct_skipped_numbers'}}}) }}
select
    skipped_numbers.page_id,
    skipped_numbers.number_text as skipped_number_text,
    skipped_numbers.skip_reason,
    figures.figure_id,
    figures.number_text as figure_number_text,
    skipped_numbers.quote
from {{ ref('fct_skipped_numbers') }} as skipped_numbers
inner join {{ ref('stg_figures') }} as figure_spans
    on skipped_numbers.page_id = figure_spans.page_id
    and skipped_numbers.char_start < figure_spans.number_end
    and figure_spans.number_start < skipped_numbers.char_end
inner join {{ ref('fct_figures') }} as figures
    on figure_spans.figure_id = figures.figure_id
