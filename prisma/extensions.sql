-- Extensions the schema relies on (trigram indexes for typo-tolerant search).
CREATE EXTENSION IF NOT EXISTS pg_trgm;
