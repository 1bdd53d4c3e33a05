-- Any event with its evidence: one row per sentence that reports it, with the rule that read it there
-- and the document it came from.
--
-- $event_id  the event, as in events.event_id (required)
SELECT
    e.event_id,
    e.event_date,
    e.kind,
    e.cameo_code,
    e.modality       AS event_modality,
    e.source_name,
    e.target_name,
    m.mention_index,
    m.sentence_index,
    m.trigger,
    m.char_start,
    m.char_end,
    m.modality       AS mention_modality,
    m.rule_id,
    m.date_text,
    m.sentence,
    d.title          AS doc_title,
    d.source         AS doc_source,
    d.url            AS doc_url,
    d.published_at
FROM events AS e
JOIN event_mentions AS m ON m.event_id = e.event_id
LEFT JOIN documents AS d ON d.doc_id = e.doc_id
WHERE e.event_id = $event_id
ORDER BY m.mention_index;
