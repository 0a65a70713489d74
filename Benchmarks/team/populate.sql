-- 1,000,000 exchanges in 100,000 sessions (10 turns each), and one exchange of 100,000 events.

INSERT INTO sessions (id, key, grouped_by, client, started_at_ns, last_at_ns)
SELECT 's' || lpad(to_hex(g), 9, '0'), 'claude-code:bench-' || g, 'claude_code_header', 'claude-cli/2.1.86',
       1795608000000000000 + g::bigint * 60000000000, 1795608000000000000 + g::bigint * 60000000000 + 9 * 5000000000
FROM generate_series(1, 100000) AS g;
INSERT INTO exchanges (id, started_at_ns, method, path, request_headers, request_body, request_body_sha256, status,
                       response_headers, is_streaming, model, stop_reason, outcome, first_byte_ns, ttft_ns, duration_ns,
                       input_tokens, output_tokens, event_count, session_id, thread_id, turn)
SELECT 'x' || lpad(to_hex(g), 9, '0'),
       1795608000000000000 + (g / 10)::bigint * 60000000000 + (g % 10)::bigint * 5000000000,
       'POST', '/v1/messages', '[]', convert_to('{"model":"claude-opus-4-1","messages":[]}', 'UTF8'),
       md5(g::text), 200, '[]', true, 'claude-opus-4-1-20250805', 'end_turn',
       CASE WHEN g % 97 = 0 THEN 'http_error' ELSE 'complete' END,
       300000000, 320000000, 2000000000, 1200, 300, 40,
       's' || lpad(to_hex(g / 10 + 1), 9, '0'), 't1', g % 10 + 1
FROM generate_series(0, 999999) AS g;
SELECT tapedeck_events_partition(date '2026-11-25');
INSERT INTO exchanges (id, started_at_ns, method, path, request_body_sha256, status, is_streaming, model, outcome,
                       event_count, session_id, thread_id, turn)
VALUES ('big0000001', 1795608000000000000, 'POST', '/v1/messages', 'big', 200, true, 'claude-opus-4-1-20250805',
        'complete', 100002, 's000000001', 't2', 1);
INSERT INTO events (day, exchange_id, seq, offset_ns, type, data, raw)
SELECT date '2026-11-25', 'big0000001', g, g::bigint * 1000000,
       CASE WHEN g = 0 THEN 'message_start' WHEN g = 1 THEN 'content_block_start'
            WHEN g = 100000 THEN 'content_block_stop' WHEN g = 100001 THEN 'message_stop' ELSE 'content_block_delta' END,
       d, convert_to('event: ' || CASE WHEN g = 0 THEN 'message_start' WHEN g = 1 THEN 'content_block_start'
            WHEN g = 100000 THEN 'content_block_stop' WHEN g = 100001 THEN 'message_stop' ELSE 'content_block_delta' END || E'\ndata: ' || d || E'\n\n', 'UTF8')
FROM (SELECT g, CASE
        WHEN g = 0 THEN '{"type":"message_start","message":{"id":"msg_big","type":"message","role":"assistant","model":"claude-opus-4-1-20250805","content":[],"stop_reason":null,"stop_sequence":null,"usage":{"input_tokens":10,"output_tokens":1}}}'
        WHEN g = 1 THEN '{"type":"content_block_start","index":0,"content_block":{"type":"text","text":""}}'
        WHEN g = 100000 THEN '{"type":"content_block_stop","index":0}'
        WHEN g = 100001 THEN '{"type":"message_stop"}'
        ELSE '{"type":"content_block_delta","index":0,"delta":{"type":"text_delta","text":"word ' || g || ' "}}' END AS d
      FROM generate_series(0, 100001) AS g) AS s;
ANALYZE;
SELECT count(*) FROM exchanges;
