-- Published briefs, the posts of the publication site, and their topics.
CREATE TABLE briefs (
    id               BIGSERIAL   PRIMARY KEY,
    slug             TEXT        NOT NULL UNIQUE,
    title            TEXT        NOT NULL,
    subject          TEXT        NOT NULL DEFAULT '',
    date             TIMESTAMPTZ NOT NULL,
    summary          TEXT        NOT NULL DEFAULT '',
    reading_minutes  INTEGER     NOT NULL DEFAULT 0,
    html             TEXT        NOT NULL DEFAULT '',
    markdown         TEXT        NOT NULL DEFAULT '',
    published        TIMESTAMPTZ NOT NULL
);
CREATE INDEX briefs_date ON briefs (date DESC, id DESC);
CREATE TABLE brief_topics (
    brief_id  BIGINT  NOT NULL REFERENCES briefs (id) ON DELETE CASCADE,
    pos       INTEGER NOT NULL,
    topic     TEXT    NOT NULL,
    PRIMARY KEY (brief_id, pos)
);
CREATE INDEX brief_topics_topic ON brief_topics (lower(topic));
