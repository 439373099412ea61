-- Further competitions (issue 13): rules prisma/schema.prisma cannot express. Appended to the
-- competitions migration, safe to run again. The competitions module checks the same rules
-- with clear messages first: these are the last line of defence.
-- No semicolons inside comments: Prisma's migration runner splits the script on them.

-- Competition references are FC + 6 digits, the first FC010001, as call-off numbers start at C010001.
SELECT setval(
  'competitions_number_seq',
  GREATEST(10000, (SELECT last_value FROM competitions_number_seq), COALESCE((SELECT max(number) FROM competitions), 0)),
  true
);

ALTER TABLE competition_scores DROP CONSTRAINT IF EXISTS competition_scores_score_check;
ALTER TABLE competition_scores ADD CONSTRAINT competition_scores_score_check CHECK (score BETWEEN 1 AND 5);

ALTER TABLE competition_moderations DROP CONSTRAINT IF EXISTS competition_moderations_score_check;
ALTER TABLE competition_moderations ADD CONSTRAINT competition_moderations_score_check CHECK (score BETWEEN 1 AND 5);

ALTER TABLE competition_quantities DROP CONSTRAINT IF EXISTS competition_quantities_quantity_check;
ALTER TABLE competition_quantities ADD CONSTRAINT competition_quantities_quantity_check CHECK (quantity > 0);

-- A solution left out of the competition always says why.
ALTER TABLE competition_solutions DROP CONSTRAINT IF EXISTS competition_solutions_exclusion_check;
ALTER TABLE competition_solutions ADD CONSTRAINT competition_solutions_exclusion_check
  CHECK (included OR length(btrim(coalesce(exclusion_reason, ''))) > 0);

-- A direct award is always recorded with its justification.
ALTER TABLE competitions DROP CONSTRAINT IF EXISTS competitions_direct_award_check;
ALTER TABLE competitions ADD CONSTRAINT competitions_direct_award_check
  CHECK (kind <> 'DIRECT_AWARD' OR length(btrim(coalesce(direct_award_justification, ''))) > 0);

-- An awarded competition names what it was awarded to, and when.
ALTER TABLE competitions DROP CONSTRAINT IF EXISTS competitions_awarded_check;
ALTER TABLE competitions ADD CONSTRAINT competitions_awarded_check
  CHECK (status <> 'AWARDED' OR (awarded_solution_id IS NOT NULL AND awarded_at IS NOT NULL));

-- A locked criteria revision is a record of what was locked: its criteria, revision and lock
-- never change (only the note that a later revision replaced it is added), and it is never deleted
-- while its competition exists. The bodies use \073 for the statement terminator (see constraints.sql).
CREATE OR REPLACE FUNCTION competition_criteria_revisions_refuse_change() RETURNS trigger
LANGUAGE plpgsql AS E'BEGIN IF NEW.criteria IS DISTINCT FROM OLD.criteria OR NEW.revision <> OLD.revision OR NEW.locked_at <> OLD.locked_at OR NEW.locked_by_id <> OLD.locked_by_id OR NEW.competition_id <> OLD.competition_id THEN RAISE EXCEPTION ''a locked criteria revision cannot change''\073 END IF\073 RETURN NEW\073 END'
;

DROP TRIGGER IF EXISTS competition_criteria_revisions_no_change ON competition_criteria_revisions;
CREATE TRIGGER competition_criteria_revisions_no_change
  BEFORE UPDATE ON competition_criteria_revisions
  FOR EACH ROW EXECUTE FUNCTION competition_criteria_revisions_refuse_change();
