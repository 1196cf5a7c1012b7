-- Every figure a given speaker gave, in the order they said it, with the sentence it came from.
--
-- Change the name in the where clause (dim_speaker lists who spoke at each briefing, with
-- their role and organization). char_start/char_end locate `as_written` in dim_page.page_text.
select
    b.held_on,
    b.briefing_title,
    f.speaker_name,
    s.speaker_role,
    s.organization,
    f.page_no,
    f.as_written,
    f.unit,
    f.measure,
    f.campaigns,
    f.institutions,
    f.period_year,
    f.figure_kind,
    f.quote,
    f.source_url,
    f.char_start,
    f.char_end
from marts.fct_figures as f
join marts.dim_briefing as b using (briefing_id)
left join marts.dim_speaker as s using (speaker_id)
where f.speaker_name = 'Gan Lin'
order by b.held_on, f.briefing_id, f.page_no, f.char_start;
