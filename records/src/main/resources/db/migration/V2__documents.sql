-- Patients' documents. The content is in the document store (encrypted); here are what was found in it and how far
-- its processing is. search: the extracted text as PostgreSQL's full-text index sees it ('simple': no language's
-- stemming, as records holds documents in any language).
CREATE TABLE document (
    document_id TEXT PRIMARY KEY,
    person_id   TEXT NOT NULL,
    file_name   TEXT NOT NULL,
    media_type  TEXT NOT NULL,
    size        BIGINT NOT NULL,
    status      TEXT NOT NULL CHECK (status IN ('uploaded', 'scanning', 'extracting', 'ready', 'rejected')),
    reason      TEXT,
    text        TEXT,
    thumbnail   BOOLEAN NOT NULL DEFAULT FALSE,
    uploaded_at TIMESTAMPTZ NOT NULL,
    updated_at  TIMESTAMPTZ NOT NULL,
    search      TSVECTOR GENERATED ALWAYS AS (to_tsvector('simple', coalesce(file_name, '') || ' ' || coalesce(text, ''))) STORED
);
CREATE INDEX document_person ON document (person_id, uploaded_at DESC);
CREATE INDEX document_search ON document USING GIN (search);
