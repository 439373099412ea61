-- Database rules that prisma/schema.prisma cannot express. Appended to the first migration,
-- and safe to run again (IF NOT EXISTS, or DROP … IF EXISTS before CREATE).
-- The code validates the same rules with clear messages: these are the last line of defence.
-- No semicolons inside comments: Prisma's migration runner splits the script on them.


-- ───────────── Call-off numbers ─────────────
-- orders.call_off_number is a SERIAL (sequence orders_call_off_number_seq). Call-off ids are
-- C + 6 digits, and the first order is C010001-01, so the sequence starts at 10001. Never moves
-- the sequence backwards, so re-running this is harmless.
SELECT setval(
  'orders_call_off_number_seq',
  GREATEST(
    10000,
    (SELECT last_value FROM orders_call_off_number_seq),
    COALESCE((SELECT max(call_off_number) FROM orders), 0)
  ),
  true
);

-- ───────────── CHECK constraints ─────────────
ALTER TABLE frameworks DROP CONSTRAINT IF EXISTS frameworks_max_term_months_check;
ALTER TABLE frameworks ADD CONSTRAINT frameworks_max_term_months_check
  CHECK (max_term_months BETWEEN 1 AND 36);

ALTER TABLE frameworks DROP CONSTRAINT IF EXISTS frameworks_dates_check;
ALTER TABLE frameworks ADD CONSTRAINT frameworks_dates_check
  CHECK (ends_on IS NULL OR starts_on IS NULL OR ends_on > starts_on);

ALTER TABLE standards DROP CONSTRAINT IF EXISTS standards_cycle_check;
ALTER TABLE standards ADD CONSTRAINT standards_cycle_check
  CHECK ((cycle_months IS NULL OR cycle_months > 0) AND warning_window_days >= 0);

ALTER TABLE standards DROP CONSTRAINT IF EXISTS standards_annual_deadline_check;
ALTER TABLE standards ADD CONSTRAINT standards_annual_deadline_check
  CHECK (annual_deadline IS NULL OR annual_deadline ~ '^(0[1-9]|1[0-2])-(0[1-9]|[12][0-9]|3[01])$');

ALTER TABLE suppliers DROP CONSTRAINT IF EXISTS suppliers_id_check;
ALTER TABLE suppliers ADD CONSTRAINT suppliers_id_check CHECK (id > 0);

-- An Additional Service always belongs to a solution, and nothing else has a parent.
ALTER TABLE catalogue_items DROP CONSTRAINT IF EXISTS catalogue_items_parent_check;
ALTER TABLE catalogue_items ADD CONSTRAINT catalogue_items_parent_check
  CHECK ((kind = 'ADDITIONAL_SERVICE') = (parent_solution_id IS NOT NULL));

ALTER TABLE catalogue_items DROP CONSTRAINT IF EXISTS catalogue_items_remediation_check;
ALTER TABLE catalogue_items ADD CONSTRAINT catalogue_items_remediation_check
  CHECK (publication_status <> 'IN_REMEDIATION' OR remediation_deadline IS NOT NULL);

ALTER TABLE listing_revisions DROP CONSTRAINT IF EXISTS listing_revisions_number_check;
ALTER TABLE listing_revisions ADD CONSTRAINT listing_revisions_number_check CHECK (number >= 1);

ALTER TABLE price_tiers DROP CONSTRAINT IF EXISTS price_tiers_range_check;
ALTER TABLE price_tiers ADD CONSTRAINT price_tiers_range_check
  CHECK (lower_range >= 1 AND (upper_range IS NULL OR upper_range > lower_range));

ALTER TABLE price_tiers DROP CONSTRAINT IF EXISTS price_tiers_price_check;
ALTER TABLE price_tiers ADD CONSTRAINT price_tiers_price_check CHECK (price >= 0);

ALTER TABLE prices DROP CONSTRAINT IF EXISTS prices_currency_check;
ALTER TABLE prices ADD CONSTRAINT prices_currency_check CHECK (currency = 'GBP');

ALTER TABLE assurance_records DROP CONSTRAINT IF EXISTS assurance_records_dates_check;
ALTER TABLE assurance_records ADD CONSTRAINT assurance_records_dates_check
  CHECK (expires_on IS NULL OR expires_on > assured_on);

ALTER TABLE assurance_records DROP CONSTRAINT IF EXISTS assurance_records_remediation_check;
ALTER TABLE assurance_records ADD CONSTRAINT assurance_records_remediation_check
  CHECK (status <> 'IN_REMEDIATION' OR remediation_deadline IS NOT NULL);

ALTER TABLE assurance_records DROP CONSTRAINT IF EXISTS assurance_records_last_notice_days_check;
ALTER TABLE assurance_records ADD CONSTRAINT assurance_records_last_notice_days_check
  CHECK (last_notice_days IS NULL OR last_notice_days > 0);

ALTER TABLE evidence_documents DROP CONSTRAINT IF EXISTS evidence_documents_size_check;
ALTER TABLE evidence_documents ADD CONSTRAINT evidence_documents_size_check CHECK (size_bytes > 0);

ALTER TABLE organisations DROP CONSTRAINT IF EXISTS organisations_list_size_check;
ALTER TABLE organisations ADD CONSTRAINT organisations_list_size_check
  CHECK (practice_list_size IS NULL OR practice_list_size >= 0);

-- A supplier organisation is linked to its supplier, and only supplier organisations are.
ALTER TABLE organisations DROP CONSTRAINT IF EXISTS organisations_supplier_check;
ALTER TABLE organisations ADD CONSTRAINT organisations_supplier_check
  CHECK ((type = 'SUPPLIER') = (supplier_id IS NOT NULL));

-- Emails are compared case-insensitively by storing them lowercase.
ALTER TABLE users DROP CONSTRAINT IF EXISTS users_email_lowercase_check;
ALTER TABLE users ADD CONSTRAINT users_email_lowercase_check CHECK (email = lower(email));

ALTER TABLE users DROP CONSTRAINT IF EXISTS users_failed_login_count_check;
ALTER TABLE users ADD CONSTRAINT users_failed_login_count_check CHECK (failed_login_count >= 0);

ALTER TABLE invitations DROP CONSTRAINT IF EXISTS invitations_email_lowercase_check;
ALTER TABLE invitations ADD CONSTRAINT invitations_email_lowercase_check CHECK (email = lower(email));

ALTER TABLE allowed_email_domains DROP CONSTRAINT IF EXISTS allowed_email_domains_lowercase_check;
ALTER TABLE allowed_email_domains ADD CONSTRAINT allowed_email_domains_lowercase_check
  CHECK (domain = lower(domain));

ALTER TABLE orders DROP CONSTRAINT IF EXISTS orders_revision_check;
ALTER TABLE orders ADD CONSTRAINT orders_revision_check CHECK (revision >= 1);

-- The framework's own maximum (≤ 36) is checked in code. The maximum term must leave at least
-- one month beyond the initial period.
ALTER TABLE orders DROP CONSTRAINT IF EXISTS orders_term_check;
ALTER TABLE orders ADD CONSTRAINT orders_term_check
  CHECK (
    (maximum_term_months IS NULL OR maximum_term_months BETWEEN 1 AND 36)
    AND (initial_period_months IS NULL OR initial_period_months >= 1)
    AND (initial_period_months IS NULL OR maximum_term_months IS NULL
         OR maximum_term_months >= initial_period_months + 1)
  );

ALTER TABLE orders DROP CONSTRAINT IF EXISTS orders_completion_check;
ALTER TABLE orders ADD CONSTRAINT orders_completion_check
  CHECK (status <> 'COMPLETED' OR completed_at IS NOT NULL);

ALTER TABLE order_items DROP CONSTRAINT IF EXISTS order_items_agreed_price_check;
ALTER TABLE order_items ADD CONSTRAINT order_items_agreed_price_check CHECK (agreed_price >= 0);

ALTER TABLE order_item_recipient_quantities DROP CONSTRAINT IF EXISTS order_item_recipient_quantities_quantity_check;
ALTER TABLE order_item_recipient_quantities ADD CONSTRAINT order_item_recipient_quantities_quantity_check
  CHECK (quantity > 0);

ALTER TABLE order_milestones DROP CONSTRAINT IF EXISTS order_milestones_sequence_check;
ALTER TABLE order_milestones ADD CONSTRAINT order_milestones_sequence_check CHECK (sequence >= 1);

ALTER TABLE contracts DROP CONSTRAINT IF EXISTS contracts_dates_check;
ALTER TABLE contracts ADD CONSTRAINT contracts_dates_check CHECK (end_date >= start_date);

ALTER TABLE contracts DROP CONSTRAINT IF EXISTS contracts_values_check;
ALTER TABLE contracts ADD CONSTRAINT contracts_values_check
  CHECK (annual_value >= 0 AND total_value >= 0 AND patients_covered >= 0);

ALTER TABLE contracts DROP CONSTRAINT IF EXISTS contracts_not_self_renewal_check;
ALTER TABLE contracts ADD CONSTRAINT contracts_not_self_renewal_check
  CHECK (renews_contract_id IS NULL OR renews_contract_id <> id);

ALTER TABLE termination_flags DROP CONSTRAINT IF EXISTS termination_flags_resolution_check;
ALTER TABLE termination_flags ADD CONSTRAINT termination_flags_resolution_check
  CHECK (status <> 'CLEARED' OR resolved_at IS NOT NULL);

ALTER TABLE termination_notices DROP CONSTRAINT IF EXISTS termination_notices_period_check;
ALTER TABLE termination_notices ADD CONSTRAINT termination_notices_period_check
  CHECK (notice_period_months >= 0);

ALTER TABLE outbox_messages DROP CONSTRAINT IF EXISTS outbox_messages_attempts_check;
ALTER TABLE outbox_messages ADD CONSTRAINT outbox_messages_attempts_check CHECK (attempts >= 0);

-- ───────────── Partial unique indexes ─────────────
-- At most one open (editable or in review) revision per catalogue item.
CREATE UNIQUE INDEX IF NOT EXISTS listing_revisions_one_open_per_item
  ON listing_revisions (catalogue_item_id)
  WHERE status IN ('DRAFT', 'SUBMITTED', 'CHANGES_REQUESTED');

-- The (standard, supplier, item) unique key treats NULL items as distinct, so supplier-level
-- assurances need their own rule.
CREATE UNIQUE INDEX IF NOT EXISTS assurance_records_supplier_level_key
  ON assurance_records (standard_id, supplier_id)
  WHERE catalogue_item_id IS NULL;

-- One open termination flag per contract: two staff acting on one lapse cannot double-flag.
CREATE UNIQUE INDEX IF NOT EXISTS termination_flags_one_open_per_contract
  ON termination_flags (contract_id)
  WHERE status = 'OPEN';

-- Search indexes (GIN over tsvector and pg_trgm) are declared in schema.prisma.

-- ───────────── Audit trail is append-only ─────────────
-- The body is an E'' string with the statement terminator written as the octal escape \073,
-- so the script contains no literal semicolon inside the function (see the note at the top).
CREATE OR REPLACE FUNCTION audit_events_refuse_change() RETURNS trigger
LANGUAGE plpgsql AS E'BEGIN RAISE EXCEPTION ''audit_event is append-only''\073 END'
;

DROP TRIGGER IF EXISTS audit_events_no_update_or_delete ON audit_events;
CREATE TRIGGER audit_events_no_update_or_delete
  BEFORE UPDATE OR DELETE ON audit_events
  FOR EACH ROW EXECUTE FUNCTION audit_events_refuse_change();

DROP TRIGGER IF EXISTS audit_events_no_truncate ON audit_events;
CREATE TRIGGER audit_events_no_truncate
  BEFORE TRUNCATE ON audit_events
  FOR EACH STATEMENT EXECUTE FUNCTION audit_events_refuse_change();
