-- AlterTable
ALTER TABLE "search_documents" ADD COLUMN     "highlight_tokens" JSONB;

-- CreateTable
CREATE TABLE "search_index_state" (
    "id" INTEGER NOT NULL,
    "version" BIGINT NOT NULL,
    "pruned_through" BIGINT NOT NULL,

    CONSTRAINT "search_index_state_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "search_index_changes" (
    "version" BIGINT NOT NULL,
    "catalogue_item_id" TEXT NOT NULL,

    CONSTRAINT "search_index_changes_pkey" PRIMARY KEY ("version","catalogue_item_id")
);

-- Hand-written: /tmp/wt15/issue15_search.sql
-- ───────────── Search index version and change log (issue 15) ─────────────
-- Every statement that changes search_documents first locks the one state row (so writers
-- take it before any row and commit in version order), then, if it changed rows, moves the
-- version on and records which listings changed. App servers read the version each second
-- and re-read only those listings. Changes more than 1,000 versions old are pruned, and a
-- server that far behind reads the whole index again.
INSERT INTO search_index_state (id, version, pruned_through) VALUES (1, 1, 0) ON CONFLICT (id) DO NOTHING;
ALTER TABLE search_index_state DROP CONSTRAINT IF EXISTS search_index_state_one_row;
ALTER TABLE search_index_state ADD CONSTRAINT search_index_state_one_row CHECK (id = 1);

CREATE OR REPLACE FUNCTION search_index_lock() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  PERFORM 1 FROM search_index_state WHERE id = 1 FOR UPDATE;
  RETURN NULL;
END
$$;

CREATE OR REPLACE FUNCTION search_index_record_changes() RETURNS trigger LANGUAGE plpgsql AS $$
DECLARE
  next_version bigint;
BEGIN
  IF NOT EXISTS (SELECT 1 FROM changed_rows) THEN
    RETURN NULL;
  END IF;
  UPDATE search_index_state SET version = version + 1 WHERE id = 1 RETURNING version INTO next_version;
  INSERT INTO search_index_changes (version, catalogue_item_id)
    SELECT DISTINCT next_version, catalogue_item_id FROM changed_rows;
  IF next_version % 100 = 0 THEN
    DELETE FROM search_index_changes WHERE version <= next_version - 1000;
    UPDATE search_index_state SET pruned_through = greatest(pruned_through, next_version - 1000) WHERE id = 1;
  END IF;
  RETURN NULL;
END
$$;

DROP TRIGGER IF EXISTS search_documents_lock ON search_documents;
CREATE TRIGGER search_documents_lock BEFORE INSERT OR UPDATE OR DELETE ON search_documents
  FOR EACH STATEMENT EXECUTE FUNCTION search_index_lock();
DROP TRIGGER IF EXISTS search_documents_inserted ON search_documents;
CREATE TRIGGER search_documents_inserted AFTER INSERT ON search_documents
  REFERENCING NEW TABLE AS changed_rows FOR EACH STATEMENT EXECUTE FUNCTION search_index_record_changes();
DROP TRIGGER IF EXISTS search_documents_updated ON search_documents;
CREATE TRIGGER search_documents_updated AFTER UPDATE ON search_documents
  REFERENCING NEW TABLE AS changed_rows FOR EACH STATEMENT EXECUTE FUNCTION search_index_record_changes();
DROP TRIGGER IF EXISTS search_documents_deleted ON search_documents;
CREATE TRIGGER search_documents_deleted AFTER DELETE ON search_documents
  REFERENCING OLD TABLE AS changed_rows FOR EACH STATEMENT EXECUTE FUNCTION search_index_record_changes();

-- ───────────── Highlight tokens (issue 15) ─────────────
-- ts_debug's tokens of a text as [start, length, lexemes] (in characters), for the words that
-- have lexemes. Compound words (e-referral) and whole URLs are left out and their parts kept,
-- as ts_headline does, so the parts laid end to end are the text. A word is highlighted when
-- one of its lexemes is a query operand (or begins with a prefix operand), which is what
-- ts_headline with HighlightAll marks.
CREATE OR REPLACE FUNCTION search_highlight_tokens(body text) RETURNS jsonb LANGUAGE sql STABLE AS $$
  SELECT coalesce(jsonb_agg(jsonb_build_array(t.start, t.len, t.lexemes) ORDER BY t.n), '[]'::jsonb)
  FROM (
    SELECT d.n, d.lexemes, length(d.token) AS len, sum(length(d.token)) OVER (ORDER BY d.n) - length(d.token) AS start
    FROM ts_debug('english', coalesce(body, '')) WITH ORDINALITY AS d(alias, description, token, dictionaries, dictionary, lexemes, n)
    WHERE d.alias NOT IN ('asciihword', 'hword', 'numhword', 'url')
  ) t
  WHERE cardinality(t.lexemes) > 0
$$;

CREATE OR REPLACE FUNCTION search_documents_highlight_tokens() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  NEW.highlight_tokens := jsonb_build_object(
    'name', search_highlight_tokens(NEW.title),
    'summary', search_highlight_tokens(NEW.document->>'summary'));
  RETURN NEW;
END
$$;

DROP TRIGGER IF EXISTS search_documents_highlight_tokens ON search_documents;
CREATE TRIGGER search_documents_highlight_tokens BEFORE INSERT OR UPDATE OF title, document ON search_documents
  FOR EACH ROW EXECUTE FUNCTION search_documents_highlight_tokens();

UPDATE search_documents SET title = title WHERE highlight_tokens IS NULL;

