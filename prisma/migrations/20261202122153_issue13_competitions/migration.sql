-- CreateEnum
CREATE TYPE "CompetitionKind" AS ENUM ('FURTHER_COMPETITION', 'DIRECT_AWARD');

-- CreateEnum
CREATE TYPE "CompetitionStatus" AS ENUM ('IN_PROGRESS', 'AWARDED');

-- CreateEnum
CREATE TYPE "CompetitionElement" AS ENUM ('FEATURES', 'IMPLEMENTATION', 'INTEROPERABILITY', 'SERVICE_LEVELS');

-- AlterTable
ALTER TABLE "orders" ADD COLUMN     "competition_id" TEXT;

-- CreateTable
CREATE TABLE "competitions" (
    "id" TEXT NOT NULL,
    "number" SERIAL NOT NULL,
    "organisation_id" TEXT NOT NULL,
    "lead_user_id" TEXT NOT NULL,
    "shortlist_id" TEXT,
    "shortlist_name" TEXT NOT NULL,
    "name" TEXT NOT NULL,
    "kind" "CompetitionKind" NOT NULL,
    "status" "CompetitionStatus" NOT NULL DEFAULT 'IN_PROGRESS',
    "framework_id" TEXT NOT NULL,
    "revision" INTEGER NOT NULL DEFAULT 1,
    "criteria" JSONB NOT NULL DEFAULT '{}',
    "criteria_locked_at" TIMESTAMPTZ(3),
    "direct_award_justification" TEXT,
    "awarded_solution_id" TEXT,
    "awarded_at" TIMESTAMPTZ(3),
    "lapse_note" TEXT,
    "tie_decision_reason" TEXT,
    "result" JSONB,
    "version" INTEGER NOT NULL DEFAULT 1,
    "created_at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "updated_at" TIMESTAMPTZ(3) NOT NULL,

    CONSTRAINT "competitions_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "competition_solutions" (
    "competition_id" TEXT NOT NULL,
    "catalogue_item_id" TEXT NOT NULL,
    "position" INTEGER NOT NULL,
    "included" BOOLEAN NOT NULL,
    "exclusion_reason" TEXT,
    "price_id" TEXT,
    "price_snapshot" JSONB,
    "agreed_tier_prices" DECIMAL(18,4)[] DEFAULT ARRAY[]::DECIMAL(18,4)[],

    CONSTRAINT "competition_solutions_pkey" PRIMARY KEY ("competition_id","catalogue_item_id")
);

-- CreateTable
CREATE TABLE "competition_quantities" (
    "competition_id" TEXT NOT NULL,
    "catalogue_item_id" TEXT NOT NULL,
    "organisation_id" TEXT NOT NULL,
    "quantity" INTEGER NOT NULL,

    CONSTRAINT "competition_quantities_pkey" PRIMARY KEY ("competition_id","catalogue_item_id","organisation_id")
);

-- CreateTable
CREATE TABLE "competition_recipients" (
    "competition_id" TEXT NOT NULL,
    "organisation_id" TEXT NOT NULL,

    CONSTRAINT "competition_recipients_pkey" PRIMARY KEY ("competition_id","organisation_id")
);

-- CreateTable
CREATE TABLE "competition_criteria_revisions" (
    "competition_id" TEXT NOT NULL,
    "revision" INTEGER NOT NULL,
    "criteria" JSONB NOT NULL,
    "locked_at" TIMESTAMPTZ(3) NOT NULL,
    "locked_by_id" TEXT NOT NULL,
    "superseded_at" TIMESTAMPTZ(3),
    "superseded_reason" TEXT,

    CONSTRAINT "competition_criteria_revisions_pkey" PRIMARY KEY ("competition_id","revision")
);

-- CreateTable
CREATE TABLE "competition_scorers" (
    "competition_id" TEXT NOT NULL,
    "user_id" TEXT NOT NULL,
    "submitted_revision" INTEGER,

    CONSTRAINT "competition_scorers_pkey" PRIMARY KEY ("competition_id","user_id")
);

-- CreateTable
CREATE TABLE "competition_scores" (
    "competition_id" TEXT NOT NULL,
    "revision" INTEGER NOT NULL,
    "user_id" TEXT NOT NULL,
    "catalogue_item_id" TEXT NOT NULL,
    "element" "CompetitionElement" NOT NULL,
    "score" INTEGER NOT NULL,
    "justification" TEXT NOT NULL,
    "updated_at" TIMESTAMPTZ(3) NOT NULL,

    CONSTRAINT "competition_scores_pkey" PRIMARY KEY ("competition_id","revision","user_id","catalogue_item_id","element")
);

-- CreateTable
CREATE TABLE "competition_moderations" (
    "competition_id" TEXT NOT NULL,
    "revision" INTEGER NOT NULL,
    "catalogue_item_id" TEXT NOT NULL,
    "element" "CompetitionElement" NOT NULL,
    "score" INTEGER NOT NULL,
    "reason" TEXT NOT NULL,
    "moderated_by_id" TEXT NOT NULL,
    "moderated_at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "competition_moderations_pkey" PRIMARY KEY ("competition_id","revision","catalogue_item_id","element")
);

-- CreateIndex
CREATE UNIQUE INDEX "competitions_number_key" ON "competitions"("number");

-- CreateIndex
CREATE INDEX "competitions_organisation_id_status_idx" ON "competitions"("organisation_id", "status");

-- CreateIndex
CREATE INDEX "competitions_status_awarded_at_idx" ON "competitions"("status", "awarded_at");

-- CreateIndex
CREATE INDEX "competition_solutions_catalogue_item_id_idx" ON "competition_solutions"("catalogue_item_id");

-- CreateIndex
CREATE INDEX "competition_quantities_organisation_id_idx" ON "competition_quantities"("organisation_id");

-- CreateIndex
CREATE INDEX "competition_recipients_organisation_id_idx" ON "competition_recipients"("organisation_id");

-- CreateIndex
CREATE INDEX "competition_scorers_user_id_idx" ON "competition_scorers"("user_id");

-- CreateIndex
CREATE INDEX "competition_scores_competition_id_catalogue_item_id_idx" ON "competition_scores"("competition_id", "catalogue_item_id");

-- CreateIndex
CREATE UNIQUE INDEX "orders_competition_id_key" ON "orders"("competition_id");

-- AddForeignKey
ALTER TABLE "orders" ADD CONSTRAINT "orders_competition_id_fkey" FOREIGN KEY ("competition_id") REFERENCES "competitions"("id") ON DELETE SET NULL ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "competitions" ADD CONSTRAINT "competitions_organisation_id_fkey" FOREIGN KEY ("organisation_id") REFERENCES "organisations"("id") ON DELETE RESTRICT ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "competitions" ADD CONSTRAINT "competitions_lead_user_id_fkey" FOREIGN KEY ("lead_user_id") REFERENCES "users"("id") ON DELETE RESTRICT ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "competitions" ADD CONSTRAINT "competitions_shortlist_id_fkey" FOREIGN KEY ("shortlist_id") REFERENCES "shortlists"("id") ON DELETE SET NULL ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "competitions" ADD CONSTRAINT "competitions_framework_id_fkey" FOREIGN KEY ("framework_id") REFERENCES "frameworks"("id") ON DELETE RESTRICT ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "competition_solutions" ADD CONSTRAINT "competition_solutions_competition_id_fkey" FOREIGN KEY ("competition_id") REFERENCES "competitions"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "competition_solutions" ADD CONSTRAINT "competition_solutions_catalogue_item_id_fkey" FOREIGN KEY ("catalogue_item_id") REFERENCES "catalogue_items"("id") ON DELETE RESTRICT ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "competition_quantities" ADD CONSTRAINT "competition_quantities_competition_id_catalogue_item_id_fkey" FOREIGN KEY ("competition_id", "catalogue_item_id") REFERENCES "competition_solutions"("competition_id", "catalogue_item_id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "competition_quantities" ADD CONSTRAINT "competition_quantities_organisation_id_fkey" FOREIGN KEY ("organisation_id") REFERENCES "organisations"("id") ON DELETE RESTRICT ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "competition_recipients" ADD CONSTRAINT "competition_recipients_competition_id_fkey" FOREIGN KEY ("competition_id") REFERENCES "competitions"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "competition_recipients" ADD CONSTRAINT "competition_recipients_organisation_id_fkey" FOREIGN KEY ("organisation_id") REFERENCES "organisations"("id") ON DELETE RESTRICT ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "competition_criteria_revisions" ADD CONSTRAINT "competition_criteria_revisions_competition_id_fkey" FOREIGN KEY ("competition_id") REFERENCES "competitions"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "competition_scorers" ADD CONSTRAINT "competition_scorers_competition_id_fkey" FOREIGN KEY ("competition_id") REFERENCES "competitions"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "competition_scorers" ADD CONSTRAINT "competition_scorers_user_id_fkey" FOREIGN KEY ("user_id") REFERENCES "users"("id") ON DELETE RESTRICT ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "competition_scores" ADD CONSTRAINT "competition_scores_competition_id_user_id_fkey" FOREIGN KEY ("competition_id", "user_id") REFERENCES "competition_scorers"("competition_id", "user_id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "competition_scores" ADD CONSTRAINT "competition_scores_competition_id_catalogue_item_id_fkey" FOREIGN KEY ("competition_id", "catalogue_item_id") REFERENCES "competition_solutions"("competition_id", "catalogue_item_id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "competition_moderations" ADD CONSTRAINT "competition_moderations_competition_id_catalogue_item_id_fkey" FOREIGN KEY ("competition_id", "catalogue_item_id") REFERENCES "competition_solutions"("competition_id", "catalogue_item_id") ON DELETE CASCADE ON UPDATE CASCADE;

-- Hand-written: prisma/competitions-constraints.sql
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

