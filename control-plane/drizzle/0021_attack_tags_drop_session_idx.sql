-- No query reads attack tags by session (a session's tags come with its attacker's, through the
-- attacker index), and each random session id made ingest dirty another index page per tag.
DROP INDEX IF EXISTS `attack_tags_session_idx`;
