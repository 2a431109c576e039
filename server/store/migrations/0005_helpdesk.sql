-- The built-in helpdesk: clients and their documents, for businesses with no CRM of their own.
-- Phones (E.164) and emails (lower-case) are normalised before they are written, so exact search
-- is an indexed array containment. Names are searched through a 'simple' tsvector (no stemming:
-- names are not words of a language) with prefix matching for type-ahead.
CREATE TABLE IF NOT EXISTS frontdesk_clients (
    id         VARCHAR(26)  PRIMARY KEY,
    name       VARCHAR(256) NOT NULL,
    phones     TEXT[]       NOT NULL DEFAULT '{}',
    emails     TEXT[]       NOT NULL DEFAULT '{}',
    address    TEXT         NOT NULL DEFAULT '',
    notes      TEXT         NOT NULL DEFAULT '',
    name_tsv   TSVECTOR     GENERATED ALWAYS AS (to_tsvector('simple', name)) STORED,
    create_at  BIGINT       NOT NULL,
    update_at  BIGINT       NOT NULL
);
CREATE INDEX IF NOT EXISTS idx_frontdesk_clients_name ON frontdesk_clients USING GIN (name_tsv);
CREATE INDEX IF NOT EXISTS idx_frontdesk_clients_phones ON frontdesk_clients USING GIN (phones);
CREATE INDEX IF NOT EXISTS idx_frontdesk_clients_emails ON frontdesk_clients USING GIN (emails);

-- A messenger identity belongs to at most one client: the primary key is the promise.
CREATE TABLE IF NOT EXISTS frontdesk_client_handles (
    kind       VARCHAR(16)  NOT NULL,
    handle_id  VARCHAR(128) NOT NULL,
    client_id  VARCHAR(26)  NOT NULL REFERENCES frontdesk_clients(id) ON DELETE CASCADE,
    username   VARCHAR(128) NOT NULL DEFAULT '',
    position   INTEGER      NOT NULL DEFAULT 0,
    PRIMARY KEY (kind, handle_id)
);
CREATE INDEX IF NOT EXISTS idx_frontdesk_client_handles_client ON frontdesk_client_handles (client_id, position);

-- The last number given to each kind of document. Allocation increments the row inside the
-- transaction that inserts the document, so numbers are gapless and never given twice.
CREATE TABLE IF NOT EXISTS frontdesk_document_counters (
    kind         VARCHAR(16) PRIMARY KEY,
    last_number  BIGINT      NOT NULL
);

CREATE TABLE IF NOT EXISTS frontdesk_documents (
    id           VARCHAR(26)  PRIMARY KEY,
    seq          BIGSERIAL    NOT NULL,            -- insertion order: breaks create_at ties
    client_id    VARCHAR(26)  NOT NULL REFERENCES frontdesk_clients(id) ON DELETE CASCADE,
    kind         VARCHAR(16)  NOT NULL,            -- order | estimate | lead | invoice
    number       BIGINT       NOT NULL,
    title        VARCHAR(256) NOT NULL,
    description  TEXT         NOT NULL DEFAULT '',
    status       VARCHAR(32)  NOT NULL,
    amount       NUMERIC,                          -- NULL until priced; kept as entered
    currency     VARCHAR(3)   NOT NULL DEFAULT '',
    create_at    BIGINT       NOT NULL,
    update_at    BIGINT       NOT NULL,
    UNIQUE (kind, number)
);
CREATE INDEX IF NOT EXISTS idx_frontdesk_documents_client ON frontdesk_documents (client_id, create_at DESC, seq DESC);
